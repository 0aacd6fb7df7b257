import type { PlanBlock, PlanDocument, PlanEntry, PlanStep } from '../plan/index.js';

/** Plans are read in terminals and pasted into reviews: no line is wider than this. */
export const PLAN_WIDTH = 120;

/** One line of a plan's outline: a block or include heading, or a step with its entries per host. */
export type OutlineItem =
  | { readonly kind: 'group'; readonly depth: number; readonly block: PlanBlock; readonly skipped: PlanStep | undefined }
  | { readonly kind: 'step'; readonly depth: number; readonly step: PlanStep };

/** Hosts that share an entry (mark, description, reason, undo, diff), listed together. */
export interface EntryGroup {
  readonly hosts: readonly string[];
  readonly entry: PlanEntry;
}

/**
 * The plan in reading order: each block or include as a heading before its steps (with the hosts its
 * `when` left out, if any), then its steps, nested by id. Steps and blocks come in the order the dry
 * run met them, which is the order the run takes.
 */
export function outline(plan: PlanDocument): OutlineItem[] {
  const blocks = new Map(plan.blocks.map((b) => [b.id, b]));
  const depth = (id: string) => id.split('.').length - 1;
  const items: OutlineItem[] = [];
  const placed = new Set<string>();
  const placeBlock = (id: string) => {
    const block = blocks.get(id);
    if (!block || placed.has(id)) return;
    placed.add(id);
    items.push({ kind: 'group', depth: depth(id), block, skipped: plan.steps.find((s) => s.id === id) });
  };
  for (const step of plan.steps) {
    // the enclosing blocks first: a block's heading comes before any of its steps
    const parts = step.id.split('.');
    for (let n = 1; n < parts.length; n++) placeBlock(parts.slice(0, n).join('.'));
    if (blocks.has(step.id)) placeBlock(step.id);
    else items.push({ kind: 'step', depth: depth(step.id), step });
  }
  for (const block of plan.blocks) placeBlock(block.id);
  return items;
}

/** The entries of a step, hosts that share everything listed together, to keep big plans short. */
export function grouped(step: PlanStep): EntryGroup[] {
  const groups = new Map<string, { hosts: string[]; entry: PlanEntry }>();
  for (const entry of step.entries) {
    const key = JSON.stringify([entry.mark, entry.readOnly, entry.description, entry.reason, entry.undo, entry.diff]);
    const group = groups.get(key);
    if (group) group.hosts.push(entry.host);
    else groups.set(key, { hosts: [entry.host], entry });
  }
  return [...groups.values()];
}

/** How many entries of each mark the plan has, for its summary line. */
export function counts(plan: PlanDocument) {
  const entries = plan.steps.flatMap((s) => s.entries);
  const count = (mark: PlanEntry['mark']) => entries.filter((e) => e.mark === mark).length;
  const readOnly = entries.filter((e) => e.mark === 'will run' && e.readOnly).length;
  return { run: count('will run') - readOnly, readOnly, runtime: count('decided at run time'), skipped: count('skipped'), fails: count('fails'),
    undo: entries.reduce((n, e) => n + e.undo.length, 0) };
}

const SCOPES: Record<PlanBlock['rollbackScope'], string> = {
  host: 'a host that fails rolls back itself',
  batch: 'a host that fails rolls back its whole batch',
  all: 'a host that fails rolls back every host of the block',
};

const KINDS: Record<PlanBlock['kind'], string> = {
  lockstep: 'lockstep: each step ends on every host before the next',
  rolling: 'rolling',
  parallel: 'parallel: each host on its own',
  include: 'include',
};

/** What a block heading says about it: how it runs, its batches, its rollback scope. */
export function blockTraits(block: PlanBlock): string[] {
  // an include runs its steps as the steps around it do: only blocks set how hosts move and roll back
  if (block.kind === 'include') return [KINDS.include];
  const batches = block.batches ? `${block.batches.length} batch(es): ${block.batches.map((b) => `[${b.join(' ')}]`).join(' ')}` : undefined;
  return [block.kind === 'rolling' && batches ? `rolling in ${batches}` : KINDS[block.kind], `rollback_scope ${block.rollbackScope}: ${SCOPES[block.rollbackScope]}`];
}

/** The hosts a block's condition held for, and those it did not. */
export function conditionValues(group: Extract<OutlineItem, { kind: 'group' }>): string {
  const skipped = group.skipped?.entries.filter((e) => e.mark === 'skipped').map((e) => e.host) ?? [];
  return `true on ${group.block.hosts.join(', ') || 'no host'}${skipped.length ? `; false on ${skipped.join(', ')}` : ''}`;
}

/** The mark as read: read-only steps that will run say so. */
export function markLabel(entry: PlanEntry): string {
  return entry.mark === 'will run' && entry.readOnly ? 'will run (read-only)' : entry.mark;
}

/**
 * Wraps text at word boundaries to `width` columns; continuation lines start with `indent`. A word
 * longer than a line is kept whole (a path or a CID is not cut).
 */
export function wrap(text: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() && `${line} ${word}`.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line.trim() ? `${line} ${word}` : line + word;
  }
  lines.push(line);
  return lines;
}
