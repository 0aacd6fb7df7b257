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
}

export interface PlanStep {
  readonly id: string;
  readonly name: string;
  readonly module: string;
  readonly entries: readonly PlanEntry[];
}

export interface PlanBlock {
  readonly id: string;
  readonly name: string;
  readonly hosts: readonly string[];
  readonly batches?: readonly (readonly string[])[];
}

/** A plan: what `exec` would do, host by host and batch by batch. Plain data; the same inputs give the same plan. */
export interface PlanDocument {
  readonly version: 1;
  readonly runbook: { readonly name: string; readonly file: string; readonly description?: string };
  readonly inventory: readonly string[];
  readonly hosts: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
  readonly blocks: readonly PlanBlock[];
  readonly steps: readonly PlanStep[];
  /** Undo hooks the plan lists, per host, newest first, for a failure at the end. */
  readonly stoppedBy?: string;
  readonly unreachable: Readonly<Record<string, string>>;
}

const MARKS: Record<StepStatus, PlanMark> = {
  'would-run': 'will run', ok: 'will run', changed: 'will run', runtime: 'decided at run time', skipped: 'skipped', failed: 'fails', unreachable: 'fails',
};

/** Builds the plan from the events of a dry run: steps in the order they were planned, hosts in order. */
export function planFromEvents(
  events: readonly RunEvent[],
  meta: Pick<PlanDocument, 'runbook' | 'inventory' | 'hosts' | 'vars'>,
): PlanDocument {
  const steps = new Map<string, { id: string; name: string; module: string; entries: PlanEntry[] }>();
  const blocks: PlanBlock[] = [];
  const unreachable: Record<string, string> = {};
  let stoppedBy: string | undefined;
  for (const event of events) {
    if (event.type === 'block-start' && 'hosts' in event) blocks.push({ id: event.id, name: event.name, hosts: event.hosts, ...(event.batches ? { batches: event.batches } : {}) });
    if (event.type === 'block-end' && 'stopped' in event && event.stopped) stoppedBy ??= event.stopped;
    if (event.type === 'facts' && 'ok' in event && !event.ok) unreachable[event.host] = event.error ?? 'facts could not be gathered';
    if (event.type !== 'step-end' || !('status' in event)) continue;
    const key = `${event.id}`;
    let step = steps.get(key);
    if (!step) steps.set(key, (step = { id: event.id, name: event.name, module: event.module, entries: [] }));
    step.entries.push({ host: event.host, mark: MARKS[event.status] ?? 'will run', readOnly: event.readOnly === true, description: event.description,
      ...(event.reason ? { reason: event.reason } : {}), undo: event.undo ?? [] });
  }
  // hosts run at the same time finish in any order: list them in inventory order, so plans can be diffed
  const order = new Map(meta.hosts.map((h, i) => [h, i]));
  const sorted = [...steps.values()].map((s) => ({ ...s, entries: [...s.entries].sort((a, b) => (order.get(a.host) ?? 0) - (order.get(b.host) ?? 0)) }));
  return { version: 1, ...meta, blocks, steps: sorted, unreachable, ...(stoppedBy ? { stoppedBy } : {}) };
}

/** Whether anything would run or depends on the run (for --detailed-exitcode). */
export function hasChanges(plan: PlanDocument): boolean {
  return plan.steps.some((s) => s.entries.some((e) => !e.readOnly && (e.mark === 'will run' || e.mark === 'decided at run time')));
}
