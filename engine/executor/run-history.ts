import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isFailedOutcome, type HostRecap } from '../plan/index.js';
import { journalFile, readJournal, type JournalEntry } from './journal.js';

/** Where a run stands, as its journal tells: the outcome of its last segment. */
export type RunStatus = 'ok' | 'failed' | 'rolled back' | 'unreachable' | 'interrupted' | 'awaiting approval' | 'running';

/** A past run, as `runbook runs` lists it. */
export interface RunSummary {
  readonly id: string;
  readonly startedAt: string;
  readonly runbook: string;
  readonly hosts: number;
  readonly status: RunStatus;
  /** The exit code its last segment ended with (99 when interrupted); none when it did not end. */
  readonly exitCode?: number;
}

/** A run read back from its journal, every segment (the first start, each resume or approval) added up. */
export interface RunHistory extends RunSummary {
  readonly events: readonly JournalEntry[];
  readonly segments: number;
  /** Per host: the counts of every segment added up, the outcome of the last. */
  readonly recap: readonly HostRecap[];
  /** Whether its last segment wrote a run-end (a controller killed, or still running, has not). */
  readonly hasEnded: boolean;
  /** For a run that did not end: each host's step that had started and not ended when the journal stops. */
  readonly running: readonly { readonly host: string; readonly id: string; readonly name: string }[];
  /** Per host: the last step that started or ended there, and the undo hooks it still owes, next to run first. */
  readonly positions: readonly HostPosition[];
}

/** Where a host stands in a run: its last step, and the undos its finished steps left and that have not run. */
export interface HostPosition {
  readonly host: string;
  readonly lastStep?: { readonly id: string; readonly name: string; readonly status: string };
  readonly owedUndos: readonly { readonly id: string; readonly description: string }[];
}

const INTERRUPTED = 99;

function statusOf(end: JournalEntry | undefined, hasLaterStart: boolean, isRunning: boolean): RunStatus {
  if (isRunning) return 'running';
  if (end?.type !== 'run-end' || hasLaterStart) return 'interrupted';
  if (end.exitCode === INTERRUPTED) return 'interrupted';
  if (end.suspended && end.exitCode === 0) return 'awaiting approval';
  if (end.exitCode === 3) return 'unreachable';
  // rolled back: by the run itself (exit 2), or by `runbook rollback` (exit 0: it did what was asked)
  const failing = end.recap.filter((r) => isFailedOutcome(r.outcome));
  if (failing.length && failing.every((r) => r.outcome === 'rolled-back')) return 'rolled back';
  return end.exitCode === 0 ? 'ok' : 'failed';
}

function addRecap(total: Map<string, HostRecap>, recap: readonly HostRecap[]): void {
  for (const r of recap) {
    const before = total.get(r.host);
    total.set(r.host, before ? { ...r, ok: before.ok + r.ok, changed: before.changed + r.changed, failed: before.failed + r.failed,
      skipped: before.skipped + r.skipped, rescued: (before.rescued ?? 0) + (r.rescued ?? 0), ignored: (before.ignored ?? 0) + (r.ignored ?? 0),
      rolledBack: before.rolledBack + r.rolledBack } : r);
  }
}

function lastIndexOf(events: readonly JournalEntry[], type: JournalEntry['type']): number {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]?.type === type) return i;
  return -1;
}

/** Each host's last step and owed undos: a step's undo hooks are owed from its end until an undo event pops them. */
function hostPositions(events: readonly JournalEntry[]): HostPosition[] {
  const last = new Map<string, HostPosition['lastStep']>();
  const owed = new Map<string, { id: string; description: string }[]>();
  const stack = (host: string) => owed.get(host) ?? (owed.set(host, []), owed.get(host)!);
  for (const event of events) {
    if (event.type === 'step-start') last.set(event.host, { id: event.id, name: event.name, status: 'running' });
    if (event.type === 'step-interrupted') last.set(event.host, { id: event.id, name: event.name, status: 'interrupted' });
    if (event.type === 'undo' && event.status !== 'would-run') stack(event.host).pop();
    if (event.type !== 'step-end' || event.id.endsWith('.undo')) continue;
    last.set(event.host, { id: event.id, name: event.name, status: event.status });
    if (event.status !== 'ok' && event.status !== 'changed') continue;
    for (const description of [...(event.undo ?? [])].reverse()) stack(event.host).push({ id: event.id, description });
  }
  return [...new Set([...last.keys(), ...owed.keys()])].map((host) => ({ host, ...(last.get(host) ? { lastStep: last.get(host)! } : {}),
    owedUndos: [...(owed.get(host) ?? [])].reverse() }));
}

/** Reads a run's journal (throws, with file and line, on a line that is not an event); `isRunning`: a live controller holds its lease. */
export function runHistory(runDir: string, id: string, isRunning = false): RunHistory | undefined {
  const events = readJournal(runDir);
  const start = events.find((e) => e.type === 'run-start');
  if (start?.type !== 'run-start') return undefined;
  const lastStart = lastIndexOf(events, 'run-start');
  const lastEnd = lastIndexOf(events, 'run-end');
  const end = events[lastEnd];
  const total = new Map<string, HostRecap>();
  const open = new Map<string, { host: string; id: string; name: string }>();
  for (const event of events) {
    if (event.type === 'run-end') addRecap(total, event.recap);
    if (event.type === 'run-start') open.clear();
    if (event.type === 'step-start') open.set(event.host, { host: event.host, id: event.id, name: event.name });
    if ((event.type === 'step-end' || event.type === 'step-interrupted') && open.get(event.host)?.id === event.id) open.delete(event.host);
  }
  const hasEnded = end?.type === 'run-end' && lastStart < lastEnd;
  const status = statusOf(end, lastStart > lastEnd, isRunning);
  return {
    id, startedAt: start.at, runbook: start.runbook, hosts: start.hosts.length, status, hasEnded,
    ...(hasEnded && end?.type === 'run-end' ? { exitCode: end.exitCode } : {}),
    events, segments: events.filter((e) => e.type === 'run-start').length, recap: [...total.values()],
    running: hasEnded ? [] : [...open.values()], positions: hostPositions(events),
  };
}

/** Every run under `runsDir`, oldest first; a run whose journal cannot be read is listed with the reason. */
export function listRuns(runsDir: string, isRunning: (id: string) => boolean = () => false): (RunSummary | { readonly id: string; readonly problem: string })[] {
  if (!existsSync(runsDir)) return [];
  const listed = readdirSync(runsDir).sort().flatMap((id): (RunSummary | { readonly id: string; readonly problem: string })[] => {
    const dir = join(runsDir, id);
    if (!existsSync(journalFile(dir))) return [];
    try {
      const history = runHistory(dir, id, isRunning(id));
      if (!history) return [];
      const { startedAt, runbook, hosts, status, exitCode } = history;
      return [{ id, startedAt, runbook, hosts, status, ...(exitCode === undefined ? {} : { exitCode }) }];
    } catch (error) {
      return [{ id, problem: (error as Error).message }];
    }
  });
  // An id names its second only: runs started in the same second are put in the order their journals say they began.
  const startOf = (run: (typeof listed)[number]) => ('startedAt' in run ? run.startedAt : secondOf(run.id));
  return listed.sort((a, b) => startOf(a).localeCompare(startOf(b)));
}

/** The second a run id names (`YYYYMMDD-HHMMSS-…`), as an ISO time. */
function secondOf(id: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : '';
}
