import { EngineError } from '../engine/core/index.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell } from './matrix.js';
import { observeTwin, type PeerState } from './observe.js';
import { runEngine, type EngineEvent, type EngineRun } from './run-engine.js';
import type { ClusterShape } from './shape.js';
import { buildTwin, type Twin } from './twin.js';
import type { Observed, RunEnd } from './verdict.js';

/** What every cell runs: the runbook file (absolute) and its `-e` values (`@file` made absolute). */
export interface CellInput {
  readonly shape: ClusterShape;
  readonly runbook: string;
  readonly extraVars: readonly string[];
  /** A folder of its own for the cell's twin (made, then removed). */
  readonly dir: string;
  readonly timeoutMs: number;
}

/** A cell's run as recorded: what was observed, the hosts' outcomes, how long it took. */
export interface CellRun extends Observed {
  readonly outcomes: Readonly<Record<string, string>>;
  /** What the runs reported going wrong: failed steps and undos, and hosts' outcomes, in order. */
  readonly reported: readonly string[];
  readonly durationMs: number;
  readonly warnings: readonly string[];
  /** The baseline only: the runbook's plan on the twin (`runbook plan --format json`). */
  readonly plan?: unknown;
}

function faultHook(cell: Cell | undefined, twin: Twin): ((event: EngineEvent, kill: () => void) => void) | undefined {
  if (!cell || cell.simFault) return undefined;
  let isDone = false;
  return (event, kill) => {
    if (isDone || event.id !== cell.step) return;
    // the controller dies while the step runs; the peer drops once the step has ended there (its undo recorded), so
    // that its next command, not an undo racing the cut, is the first to find it gone
    if (cell.fault === 'controller-killed' && event.type === 'step-start') { isDone = true; kill(); }
    if (cell.fault === 'unreachable' && event.type === 'step-end' && event.host === cell.peer) { isDone = true; twin.cut(cell.peer); }
  };
}

/** Resumes a killed run as an operator would: `--resume`, and `--rerun-interrupted` when resume refuses a step in flight. */
async function resume(runId: string, input: CellInput, cwd: string): Promise<EngineRun[]> {
  const ends: EngineRun[] = [];
  let rerun = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    const run = await runEngine(['exec', '--resume', runId, '--output', 'json', ...(rerun ? ['--rerun-interrupted'] : [])], { cwd, timeoutMs: input.timeoutMs });
    ends.push(run);
    if (run.exitCode === 0 || rerun || !/--rerun-interrupted/.test(run.stderr)) break;
    rerun = true;
  }
  return ends;
}

/** After the fault: the recovery the README prescribes for it (resume a killed run; roll back once a cut host is back). */
async function recover(cell: Cell | undefined, run: EngineRun, twin: Twin, input: CellInput): Promise<EngineRun[]> {
  if (!run.runId) return [];
  if (cell?.fault === 'controller-killed' && run.exitCode === null) return resume(run.runId, input, twin.dir);
  if (cell?.fault === 'unreachable') {
    twin.reconnect(cell.peer!);
    if (run.exitCode === 0) return [];
    return [await runEngine(['rollback', run.runId, '--output', 'json'], { cwd: twin.dir, timeoutMs: input.timeoutMs })];
  }
  return [];
}

async function planOn(twin: Twin, input: CellInput): Promise<unknown> {
  const run = await runEngine(['plan', input.runbook, '-i', twin.inventory, ...input.extraVars.flatMap((v) => ['-e', v]), '--format', 'json'],
    { cwd: twin.dir, timeoutMs: input.timeoutMs });
  if (run.exitCode !== 0) throw new EngineError('failed', `the plan of the runbook on the twin failed (exit ${run.exitCode}):\n${run.stderr || run.stdout}`);
  return JSON.parse(run.stdout) as unknown;
}

/** The events that say what went wrong, one line each (at most 12). */
export function reportedLines(events: readonly EngineEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'step-end' && (e.status === 'failed' || e.status === 'unreachable')) return [`${e.host} ${e.id} ${e.status}: ${(e.reason ?? '').split('\n')[0]}`];
    if (e.type === 'undo' && e.status === 'failed') return [`${e.host} undo ${e.id} failed: ${(e.message ?? '').split('\n')[0]}`];
    if (e.type === 'host-status' && e.outcome !== 'ok') return [`${e.host} ${e.outcome}${e.reason ? `: ${e.reason.split('\n')[0]}` : ''}`];
    return [];
  }).slice(0, 12);
}

function outcomesOf(events: readonly EngineEvent[]): Record<string, string> {
  return Object.fromEntries(events.filter((e) => e.type === 'host-status' && e.host).map((e) => [e.host!, e.outcome ?? '']));
}

/**
 * Runs one cell on a twin of its own (the baseline when `cell` is undefined): builds the twin, reads it, arms the
 * fault, runs the runbook (then the recovery the fault calls for), reads the twin again and tears it down.
 */
export async function runCell(cell: Cell | undefined, input: CellInput): Promise<CellRun> {
  const started = Date.now();
  mkdirSync(input.dir, { recursive: true });
  const twin = await buildTwin(input.shape, join(input.dir, 'twin'));
  try {
    const before: PeerState[] = await observeTwin(twin);
    const peer = cell?.peer && twin.hosts.find((h) => h.name === cell.peer);
    if (cell?.simFault && peer) writeFileSync(join(peer.home, '.sim', 'faults'), `${cell.simFault}\n`);
    const plan = cell ? undefined : await planOn(twin, input);
    const args = ['exec', input.runbook, '-i', twin.inventory, ...input.extraVars.flatMap((v) => ['-e', v]), '--output', 'json'];
    const run = await runEngine(args, { cwd: twin.dir, timeoutMs: input.timeoutMs, onEvent: faultHook(cell, twin) });
    const recovery = await recover(cell, run, twin, input);
    const runs: RunEnd[] = [{ command: 'exec', exitCode: run.exitCode },
      ...recovery.map((r) => ({ command: r.command as RunEnd['command'], exitCode: r.exitCode }))];
    const after = await observeTwin(twin);
    return { before, after, runs, outcomes: outcomesOf(run.events), reported: reportedLines([run, ...recovery].flatMap((r) => r.events)), durationMs: Date.now() - started, warnings: twin.warnings,
      ...(plan === undefined ? {} : { plan }) };
  } finally {
    twin.close();
  }
}
