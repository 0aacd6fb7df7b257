import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../core/index.js';
import { EVENT_TYPES, type RunEvent } from '../plan/index.js';

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
export function journalWriter(runDir: string, append: (file: string, line: string) => void = (f, l) => appendFileSync(f, l, { mode: 0o600 })): JournalWriter {
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
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

function isEvent(value: unknown): value is JournalEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && EVENT_TYPES.has(String((value as { type?: unknown }).type)) && typeof (value as { at?: unknown }).at === 'string';
}

/**
 * The events of a run, in order. A last line cut short (no newline: a controller killed while
 * writing it) is left out; any other line that is not an event is an error naming its file and line.
 */
export function readJournal(runDir: string): JournalEntry[] {
  const file = journalFile(runDir);
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((line, index) => {
    if (!line.trim()) return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (isEvent(value)) return [value];
    if (index === lines.length - 1) return [];
    const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
    throw new EngineError('failed', `${file}:${index + 1}: not a journal event: ${shown}`, {
      hint: 'the journal was changed by hand or damaged; mend or delete that line (each line is one event, see schemas/events.schema.json)' });
  });
}
