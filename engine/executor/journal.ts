import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from './events.js';

/** The version of the event lines (schemas/events.schema.json). */
export const EVENTS_VERSION = 1;

/** One event as a line of JSON: `{v, at, type, …}`, as the journal and `--output json` write it. */
export function eventLine(event: RunEvent, at = new Date()): string {
  return JSON.stringify({ v: EVENTS_VERSION, at: at.toISOString(), ...event });
}

/** Appends one event to the journal; never throws: a failed write is kept in `failure` and aborts `stopped`. */
export interface JournalWriter {
  (event: RunEvent): void;
  /** Why the journal could not be written (a full disk, say); undefined while all is well. */
  readonly failure: Error | undefined;
  /** Aborted, with the failure as its reason, when a write fails: a run should start nothing more. */
  readonly stopped: AbortSignal;
}

/** The file a run's journal is in. */
export function journalFile(runDir: string): string {
  return join(runDir, 'journal.jsonl');
}

/**
 * The run's journal: `<run dir>/journal.jsonl`, one event per line, each written (appended) as it
 * happens, so that a controller killed half-way leaves every event before the kill. When a write
 * fails (ENOSPC), the part of the line that did get written is cut off again and nothing more is
 * written: the journal stays the run's events up to that point, as a killed controller leaves it.
 */
export function journalWriter(runDir: string, append: (file: string, line: string) => void = appendFileSync): JournalWriter {
  mkdirSync(runDir, { recursive: true });
  const file = journalFile(runDir);
  let size = existsSync(file) ? statSync(file).size : 0;
  let failure: Error | undefined;
  const stop = new AbortController();
  const write = (event: RunEvent): void => {
    if (failure) return;
    const line = `${eventLine(event)}\n`;
    try {
      append(file, line);
      size += Buffer.byteLength(line);
    } catch (error) {
      failure = error as Error;
      try {
        truncateSync(file, size);
      } catch {
        // the half line stays; readers leave out a last line cut short
      }
      stop.abort(failure);
    }
  };
  return Object.defineProperties(write, {
    failure: { get: () => failure },
    stopped: { value: stop.signal },
  }) as JournalWriter;
}

/** A journal line as read back: an event with its time. */
export type JournalEntry = RunEvent & { readonly at: string; readonly v: number };

/** The events of a run, in order; a line cut short by a killed controller is left out. */
export function readJournal(runDir: string): JournalEntry[] {
  const text = readFileSync(journalFile(runDir), 'utf8');
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
    if (!existsSync(journalFile(join(runsDir, id)))) return [];
    const events = readJournal(join(runsDir, id));
    const start = events.find((e) => e.type === 'run-start');
    const end = events.find((e) => e.type === 'run-end');
    if (!start || start.type !== 'run-start') return [];
    const outcome = !end || end.type !== 'run-end' ? 'incomplete' : end.exitCode === 0 ? 'ok' : `failed (exit ${end.exitCode})`;
    return [{ id, startedAt: start.at, runbook: start.runbook, hosts: start.hosts.length, outcome }];
  });
}
