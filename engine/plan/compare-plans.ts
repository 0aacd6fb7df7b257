import type { VolatileFacts } from '../facts/index.js';
import type { PlanBlock, PlanDocument, PlanEntry, PlanStep } from './plan-document.js';

/** One way the plan made today differs from the saved one: where (host, step or block), what, before → after. */
export interface PlanDifference {
  readonly host?: string;
  /** The step it is about, as the plan numbers and names it. */
  readonly step?: { readonly id: string; readonly name: string };
  /** The block (or include) it is about. */
  readonly block?: { readonly id: string; readonly name: string };
  readonly what: string;
  readonly before: string;
  readonly after: string;
}

/** The volatile facts each plan was made with, per host: text showing them is compared with them masked. */
export interface VolatileValues {
  readonly saved: VolatileFacts;
  readonly fresh: VolatileFacts;
}

const ABSENT = '(none)';
const NOT_PLANNED = '(not in the plan)';

// a value this short ("0", "12") would match unrelated text: it is compared as it is
const SHORTEST_MASKED = 4;

/** Replaces each volatile value of a host found in `text` by `<facts.NAME>`, longest value first. */
function masked(text: string, values: Readonly<Record<string, unknown>> | undefined): string {
  const pairs = Object.entries(values ?? {}).map(([name, v]) => [name, String(v)] as const)
    .filter(([, v]) => v.length >= SHORTEST_MASKED).sort((a, b) => b[1].length - a[1].length);
  return pairs.reduce((t, [name, v]) => t.split(v).join(`<facts.${name}>`), text);
}

/** The fields of a host's entry that a reviewer read, as text. */
function entryFields(entry: PlanEntry): Record<string, string> {
  return { mark: entry.mark, 'read-only': String(entry.readOnly), command: entry.description, reason: entry.reason ?? ABSENT,
    undo: entry.undo.length ? entry.undo.join('; ') : ABSENT, 'content diff': entry.diff ?? ABSENT };
}

function blockFields(block: PlanBlock): Record<string, string> {
  return { name: block.name, kind: block.kind, rollback_scope: block.rollbackScope, hosts: block.hosts.join(', '),
    when: block.when?.join(' and ') ?? ABSENT, batches: block.batches?.map((b) => `[${b.join(', ')}]`).join(' ') ?? ABSENT };
}

/** Field by field, the fields whose text differs (a field missing on one side counts as "(none)"). */
function fieldDifferences(before: Record<string, string>, after: Record<string, string>, where: Omit<PlanDifference, 'what' | 'before' | 'after'>): PlanDifference[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.filter((n) => (before[n] ?? ABSENT) !== (after[n] ?? ABSENT))
    .map((what) => ({ ...where, what, before: before[what] ?? ABSENT, after: after[what] ?? ABSENT }));
}

/** Ids in the saved order, then the ones only the fresh plan has. */
function unionBy<T>(saved: readonly T[], fresh: readonly T[], key: (t: T) => string): string[] {
  return [...new Set([...saved.map(key), ...fresh.map(key)])];
}

function compareSteps(saved: readonly PlanStep[], fresh: readonly PlanStep[], hosts: readonly string[], volatile: VolatileValues): PlanDifference[] {
  const before = new Map(saved.map((s) => [s.id, s]));
  const after = new Map(fresh.map((s) => [s.id, s]));
  return unionBy(saved, fresh, (s) => s.id).flatMap((id) => {
    const a = before.get(id);
    const b = after.get(id);
    const step = { id, name: (b ?? a)!.name };
    const stepHosts = [...new Set([...hosts, ...(a?.entries ?? []).map((e) => e.host), ...(b?.entries ?? []).map((e) => e.host)])];
    return stepHosts.flatMap((host) => {
      const mask = (fields: Record<string, string>, side: VolatileFacts) =>
        Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, masked(v, side[host])]));
      const old = a?.entries.find((e) => e.host === host);
      const now = b?.entries.find((e) => e.host === host);
      if (!old && !now) return [];
      // a step that appears or vanishes on a host is one difference, not one per field
      if (!old || !now) return [{ host, step, what: 'mark', before: old?.mark ?? NOT_PLANNED, after: now?.mark ?? NOT_PLANNED }];
      return fieldDifferences(mask(entryFields(old), volatile.saved), mask(entryFields(now), volatile.fresh), { host, step });
    });
  });
}

function compareSummary(saved: PlanDocument, fresh: PlanDocument, hosts: readonly string[], volatile: VolatileValues): PlanDifference[] {
  return hosts.flatMap((host) => {
    const label = (values: Readonly<Record<string, string>> | undefined, side: VolatileFacts) =>
      Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [`summary ${k}`, masked(v, side[host])]));
    return fieldDifferences(label(saved.summary[host], volatile.saved), label(fresh.summary[host], volatile.fresh), { host });
  });
}

function compareBlocks(saved: readonly PlanBlock[], fresh: readonly PlanBlock[]): PlanDifference[] {
  const before = new Map(saved.map((b) => [b.id, b]));
  const after = new Map(fresh.map((b) => [b.id, b]));
  return unionBy(saved, fresh, (b) => b.id).flatMap((id) => {
    const a = before.get(id);
    const b = after.get(id);
    const block = { id, name: (b ?? a)!.name };
    if (!a || !b) return [{ block, what: 'kind', before: a?.kind ?? NOT_PLANNED, after: b?.kind ?? NOT_PLANNED }];
    return fieldDifferences(blockFields(a), blockFields(b), { block });
  });
}

function comparePlanWide(saved: PlanDocument, fresh: PlanDocument): PlanDifference[] {
  const fields = (plan: PlanDocument) => ({ hosts: plan.hosts.join(', '), '-e values': JSON.stringify(plan.vars),
    'stops at': plan.stoppedBy ?? ABSENT,
    ...Object.fromEntries(Object.entries(plan.unreachable).map(([h, why]) => [`unreachable ${h}`, why])) });
  return fieldDifferences(fields(saved), fields(fresh), {});
}

/**
 * Compares a saved plan with the one made today from the same runbook, inventory and options: hosts,
 * blocks (how they run, rollback scope, conditions, batches), the summary, and each step on each host
 * (mark, rendered command, skip reason, undo hooks, content diff). Text showing a volatile fact is
 * compared with that value masked; the checks that read it are not (a changed mark is a difference).
 * Returns the differences in plan order; none when the plans match.
 */
export function comparePlans(saved: PlanDocument, fresh: PlanDocument, volatile: VolatileValues = { saved: {}, fresh: {} }): PlanDifference[] {
  const hosts = [...new Set([...saved.hosts, ...fresh.hosts])];
  return [...comparePlanWide(saved, fresh), ...compareSummary(saved, fresh, hosts, volatile), ...compareBlocks(saved.blocks, fresh.blocks),
    ...compareSteps(saved.steps, fresh.steps, hosts, volatile)];
}

const WIDTH = 100;

/** Multi-line values (content diffs) are shown by their first differing line. */
function shown(before: string, after: string): [string, string] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length === 1 && b.length === 1) return [before, after];
  const at = a.findIndex((line, i) => line !== b[i]);
  const i = at === -1 ? a.length : at;
  return [`line ${i + 1}: ${a[i] ?? '(end)'}`, `line ${i + 1}: ${b[i] ?? '(end)'}`];
}

function clip(text: string): string {
  return text.length > WIDTH ? `${text.slice(0, WIDTH - 1)}…` : text;
}

/** The differences as lines for a refusal: `host: step 2.3 "name": what: before → after` (or `block 2 "name": …`), at most `limit`, then a count. */
export function describeDifferences(differences: readonly PlanDifference[], limit = 20): string[] {
  const lines = differences.slice(0, limit).map((d) => {
    const about = d.step ? `step ${d.step.id} "${d.step.name}"` : d.block ? `block ${d.block.id} "${d.block.name}"` : undefined;
    const where = [d.host, about].filter(Boolean).join(': ') || 'plan';
    const [before, after] = shown(d.before, d.after);
    return `${where}: ${d.what}: ${clip(before)} → ${clip(after)}`;
  });
  const more = differences.length - lines.length;
  return more > 0 ? [...lines, `… and ${more} more difference${more === 1 ? '' : 's'}`] : lines;
}
