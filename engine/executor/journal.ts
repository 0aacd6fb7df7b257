import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../plan/index.js';

/** The version of the event lines (schemas/events.schema.json). */
export const EVENTS_VERSION = 1;

/** One event as a line of JSON: `{v, at, type, …}`, as the journal and `--output json` write it. */
export function eventLine(event: RunEvent, at = new Date()): string {
  return JSON.stringify({ v: EVENTS_VERSION, at: at.toISOString(), ...event });
}

/**
 * The run's journal: `<run dir>/journal.jsonl`, one event per line, each written (appended) as it
 * happens, so that a controller killed half-way leaves every event before the kill.
 */
export function journalWriter(runDir: string): (event: RunEvent) => void {
  mkdirSync(runDir, { recursive: true });
  const file = join(runDir, 'journal.jsonl');
  return (event) => appendFileSync(file, `${eventLine(event)}\n`);
}

/** A journal line as read back: an event with its time. */
export type JournalEntry = RunEvent & { readonly at: string; readonly v: number };

/** The events of a run, in order; a line cut short by a killed controller is left out. */
export function readJournal(runDir: string): JournalEntry[] {
  const text = readFileSync(join(runDir, 'journal.jsonl'), 'utf8');
  return text.split('\n').flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as JournalEntry] : [];
    } catch {
      return [];
    }
  });
}

/** A past run, as `runbook runs` lists it. */
export interface RunSummary {
  readonly id: string;
  readonly startedAt: string;
  readonly runbook: string;
  readonly hosts: number;
  /** `ok`, `failed (exit N)`, or `incomplete` (interrupted or killed: no run-end). */
  readonly outcome: string;
}

/** Every run under `<root>/.runbook/runs`, oldest first. */
export function listRuns(runsDir: string): RunSummary[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir).sort().flatMap((id) => {
    if (!existsSync(join(runsDir, id, 'journal.jsonl'))) return [];
    const events = readJournal(join(runsDir, id));
    const start = events.find((e) => e.type === 'run-start');
    const end = events.find((e) => e.type === 'run-end');
    if (!start || start.type !== 'run-start') return [];
    const outcome = !end || end.type !== 'run-end' ? 'incomplete' : end.exitCode === 0 ? 'ok' : `failed (exit ${end.exitCode})`;
    return [{ id, startedAt: start.at, runbook: start.runbook, hosts: start.hosts.length, outcome }];
  });
}
