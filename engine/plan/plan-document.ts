import type { BlockKind, RunEvent, StepStatus } from './events.js';

/** How a step stands on a host in a plan: the contract's three marks, and a predicted failure. */
export type PlanMark = 'will run' | 'skipped' | 'decided at run time' | 'fails';

export interface PlanEntry {
  readonly host: string;
  readonly mark: PlanMark;
  /** A step that changes nothing (check_mode: run, assert, set_fact): it runs in dry runs too. */
  readonly readOnly: boolean;
  readonly description: string;
  readonly reason?: string;
  readonly undo: readonly string[];
  /** The content diff of a file the step writes (copy, template). */
  readonly diff?: string;
}

export interface PlanStep {
  readonly id: string;
  readonly name: string;
  readonly module: string;
  readonly entries: readonly PlanEntry[];
}

/** A block or an include the plan enters: how its steps run, whom a failure rolls back, its conditions. */
export interface PlanBlock {
  readonly id: string;
  readonly name: string;
  readonly kind: BlockKind;
  readonly rollbackScope: 'host' | 'batch' | 'all';
  /** The hosts that enter it (its `when` held for them). */
  readonly hosts: readonly string[];
  readonly when?: readonly string[];
  readonly batches?: readonly (readonly string[])[];
}

/** A plan: what `exec` would do, host by host and batch by batch. Plain data; the same inputs give the same plan. */
export interface PlanDocument {
  readonly version: 1;
  readonly runbook: { readonly name: string; readonly file: string; readonly description?: string };
  readonly inventory: readonly string[];
  readonly hosts: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
  /** The runbook's `summary:` per host (where it stands, where it goes). */
  readonly summary: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly blocks: readonly PlanBlock[];
  readonly steps: readonly PlanStep[];
  /** Undo hooks the plan lists, per host, newest first, for a failure at the end. */
  readonly stoppedBy?: string;
  readonly unreachable: Readonly<Record<string, string>>;
}

const MARKS: Record<StepStatus, PlanMark> = {
  'would-run': 'will run', ok: 'will run', changed: 'will run', runtime: 'decided at run time', skipped: 'skipped', failed: 'fails', unreachable: 'fails',
};

/**
 * A block or include met again: inside a rolling block it starts once per batch, with that batch's hosts. The plan
 * lists it once, with every host that entered it (its `when` held for) and, for a rolling one, every batch in order.
 */
function mergeBlock(first: PlanBlock, again: PlanBlock): PlanBlock {
  const hosts = [...first.hosts, ...again.hosts.filter((h) => !first.hosts.includes(h))];
  const batches = first.batches || again.batches ? [...(first.batches ?? []), ...(again.batches ?? [])] : undefined;
  return { ...first, hosts, ...(batches ? { batches } : {}) };
}

/** Builds the plan from the events of a dry run: steps in the order they were planned, hosts in order. */
export function planFromEvents(
  events: readonly RunEvent[],
  meta: Pick<PlanDocument, 'runbook' | 'inventory' | 'hosts' | 'vars'>,
): PlanDocument {
  const steps = new Map<string, { id: string; name: string; module: string; entries: PlanEntry[] }>();
  const blocks: PlanBlock[] = [];
  const unreachable: Record<string, string> = {};
  const summary: Record<string, Readonly<Record<string, string>>> = {};
  let stoppedBy: string | undefined;
  for (const event of events) {
    if (event.type === 'block-start') {
      const { type: _type, ...block } = event;
      const index = blocks.findIndex((b) => b.id === block.id);
      if (index < 0) blocks.push(block);
      else blocks[index] = mergeBlock(blocks[index]!, block);
    }
    if (event.type === 'block-end' && event.stopped) stoppedBy ??= event.stopped;
    if (event.type === 'facts' && !event.ok) unreachable[event.host] = event.error ?? 'facts could not be gathered';
    if (event.type === 'host-summary') summary[event.host] = event.values;
    if (event.type !== 'step-end') continue;
    let step = steps.get(event.id);
    if (!step) steps.set(event.id, (step = { id: event.id, name: event.name, module: event.module, entries: [] }));
    step.entries.push({ host: event.host, mark: MARKS[event.status], readOnly: event.readOnly === true, description: event.description,
      ...(event.reason ? { reason: event.reason } : {}), undo: event.undo ?? [], ...(event.diff ? { diff: event.diff } : {}) });
  }
  // hosts run at the same time finish in any order: list them in inventory order, so plans can be diffed
  const order = new Map(meta.hosts.map((h, i) => [h, i]));
  const sorted = [...steps.values()].map((s) => ({ ...s, entries: [...s.entries].sort((a, b) => (order.get(a.host) ?? 0) - (order.get(b.host) ?? 0)) }));
  return { version: 1, ...meta, summary, blocks, steps: sorted, unreachable, ...(stoppedBy ? { stoppedBy } : {}) };
}

/** Whether anything would run or depends on the run (for --detailed-exitcode). */
export function hasChanges(plan: PlanDocument): boolean {
  return plan.steps.some((s) => s.entries.some((e) => !e.readOnly && (e.mark === 'will run' || e.mark === 'decided at run time')));
}
