import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planCells, type Cell, type CellFilter, type PlanStepLike } from './matrix.js';
import { runCell, type CellRun } from './run-cell.js';
import type { ClusterShape } from './shape.js';
import { judge, type Difference, type Releases, type RunEnd } from './verdict.js';

/** A finished cell: its verdict and the first difference when it failed. */
export interface CellRecord {
  readonly cell: Cell;
  readonly verdict: 'pass' | 'fail';
  readonly difference?: Difference;
  readonly runs: readonly RunEnd[];
  readonly outcomes: Readonly<Record<string, string>>;
  /** What the runs reported going wrong (failed steps and undos, hosts' outcomes). */
  readonly reported: readonly string[];
  readonly durationMs: number;
}

/** The baseline (no fault) and what it told: the releases and the plan's steps. */
export interface Baseline {
  readonly record: CellRecord;
  readonly releases: Releases;
  readonly steps: readonly PlanStepLike[];
  readonly warnings: readonly string[];
}

/** A rehearsal's state, saved after every cell so that an interrupted rehearsal resumes. */
export interface RehearsalState {
  readonly version: 1;
  baseline?: Baseline;
  cells: Record<string, CellRecord>;
}

/** What a rehearsal runs. */
export interface RehearsalOptions {
  readonly runbook: string;
  readonly runbookText: string;
  readonly extraVars: readonly string[];
  readonly shape: ClusterShape;
  readonly filter: CellFilter;
  readonly jobs: number;
  readonly budgetMs?: number;
  /** The folder of rehearsals (.runbook/rehearsals); the state goes to <folder>/<id>/state.json. */
  readonly folder: string;
  readonly cellTimeoutMs: number;
  onProgress?(done: number, total: number, record: CellRecord): void;
}

/** The result: the baseline, the finished cells (in matrix order), those the budget left out. */
export interface Rehearsal {
  readonly id: string;
  readonly baseline: Baseline;
  readonly cells: readonly CellRecord[];
  readonly notRun: readonly Cell[];
  /** Cells taken from the state of an earlier, interrupted rehearsal. */
  readonly resumed: number;
  readonly durationMs: number;
}

/** The rehearsal's id: the same runbook, cluster shape, -e and selection give the same id (and resume it). */
export function rehearsalId(options: Pick<RehearsalOptions, 'runbookText' | 'shape' | 'extraVars' | 'filter'>): string {
  const { runbookText, shape, extraVars, filter } = options;
  return createHash('sha256').update(JSON.stringify({ runbookText, shape, extraVars, filter })).digest('hex').slice(0, 12);
}

function loadState(file: string): RehearsalState {
  if (!existsSync(file)) return { version: 1, cells: {} };
  const state = JSON.parse(readFileSync(file, 'utf8')) as RehearsalState;
  // cells saved before a record carried what its runs reported
  for (const [id, record] of Object.entries(state.cells)) state.cells[id] = { ...record, reported: record.reported ?? [] };
  if (state.baseline) state.baseline = { ...state.baseline, record: { ...state.baseline.record, reported: state.baseline.record.reported ?? [] } };
  return state;
}

function saveState(file: string, state: RehearsalState): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 1), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function recordOf(cell: Cell, run: CellRun, releases: Releases): CellRecord {
  const difference = judge(run, releases);
  return { cell, verdict: difference ? 'fail' : 'pass', ...(difference ? { difference } : {}), runs: run.runs, outcomes: run.outcomes, reported: run.reported, durationMs: run.durationMs };
}

async function baselineOf(options: RehearsalOptions, dir: string): Promise<Baseline> {
  const input = { shape: options.shape, runbook: options.runbook, extraVars: options.extraVars, dir: join(dir, 'baseline'), timeoutMs: options.cellTimeoutMs };
  const run = await runCell(undefined, input);
  const releases = { old: options.shape.version, new: run.after[0]?.version ?? options.shape.version };
  const cell: Cell = { id: 'baseline', step: '-', stepName: 'no fault', fault: 'none', peer: null };
  let record = recordOf(cell, run, releases);
  if (record.verdict === 'pass' && run.runs[0]?.exitCode !== 0) {
    record = { ...record, verdict: 'fail', difference: { peer: null, check: 'reported', lost: `the run itself: exit ${run.runs[0]?.exitCode} with no fault` } };
  }
  const steps = ((run.plan as { steps?: PlanStepLike[] } | undefined)?.steps ?? []);
  return { record, releases, steps, warnings: run.warnings };
}

/**
 * Rehearses: the baseline first (the runbook on a twin, no fault), then, if it passed, every cell of the matrix on
 * twins of their own, `jobs` at a time, until done or the budget is spent. Finished cells are saved as they end; a
 * rehearsal with the same id takes them from there instead of running them again.
 */
export async function rehearse(options: RehearsalOptions): Promise<Rehearsal> {
  const started = Date.now();
  const id = rehearsalId(options);
  const dir = join(options.folder, id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'state.json');
  const state = loadState(file);
  state.baseline ??= await baselineOf(options, join(dir, 'work'));
  saveState(file, state);
  const baseline = state.baseline;
  if (baseline.record.verdict === 'fail') return { id, baseline, cells: [], notRun: [], resumed: 0, durationMs: Date.now() - started };
  const cells = planCells(baseline.steps, baseline.releases.old, options.filter);
  const resumed = cells.filter((c) => state.cells[c.id]).length;
  const queue = cells.filter((c) => !state.cells[c.id]);
  let done = resumed;
  const worker = async (n: number) => {
    for (let cell = queue.shift(); cell; cell = queue.shift()) {
      if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) { queue.unshift(cell); return; }
      const input = { shape: options.shape, runbook: options.runbook, extraVars: options.extraVars, dir: join(dir, 'work', `job${n}`), timeoutMs: options.cellTimeoutMs };
      const record = recordOf(cell, await runCell(cell, input), baseline.releases);
      state.cells[cell.id] = record;
      saveState(file, state);
      options.onProgress?.(++done, cells.length, record);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, (_, n) => worker(n)));
  return { id, baseline, cells: cells.flatMap((c) => state.cells[c.id] ? [state.cells[c.id]!] : []), notRun: queue, resumed, durationMs: Date.now() - started };
}
