import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from './events.js';

/**
 * The run's journal: `<run dir>/journal.jsonl`, one event per line, each written (appended) as it
 * happens, so that a controller killed half-way leaves every event before the kill.
 */
export function journalWriter(runDir: string): (event: RunEvent) => void {
  mkdirSync(runDir, { recursive: true });
  const file = join(runDir, 'journal.jsonl');
  return (event) => appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
}
