import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../../engine/executor/index.js';
import type { Prompter } from '../../../engine/modules/index.js';
import { runOnLocalHosts, stepEnds, type TestRun, type TestRunOptions } from '../../helpers/run.js';

export { stepEnds };

/**
 * One row of the key table: a small runbook run with the real engine and an assertion that
 * fails if the engine ignored the key.
 */
export type KeyCase = () => Promise<void>;

/** Schema key (as `schemaKeys` names it) → its behaviour test. */
export type KeyTable = Readonly<Record<string, KeyCase>>;

/** A runbook over `hosts: all` with these steps (YAML, indented by two) and top-level keys. */
export const rb = (steps: string, top = ''): string => `runbook: t\nhosts: all\n${top}steps:\n${steps}`;

/** Runs steps on local hosts (one unless told). */
export function run(steps: string, options: TestRunOptions & { top?: string } = {}): Promise<TestRun> {
  return runOnLocalHosts(rb(steps, options.top), { hosts: 1, ...options });
}

/** The text of a file in a host's home, or undefined when there is none. */
export function read(r: TestRun, path: string, host = 'h1'): string | undefined {
  const file = join(r.home(host), path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The stat of a file in a host's home. */
export const stat = (r: TestRun, path: string, host = 'h1') => statSync(join(r.home(host), path));

/** The step-end event of step `id` on `host`. */
export function endOf(r: TestRun, id: string, host = 'h1'): Extract<RunEvent, { type: 'step-end' }> {
  const end = r.events.find((e): e is Extract<RunEvent, { type: 'step-end' }> => e.type === 'step-end' && e.id === id && e.host === host);
  assert.ok(end, `no step-end for step ${id} on ${host}: ${stepEnds(r.events).join(', ')}`);
  return end;
}

/** The events of one type. */
export function eventsOf<T extends RunEvent['type']>(r: TestRun, type: T): Extract<RunEvent, { type: T }>[] {
  return r.events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}

/** A prompter that answers `answer` and records each question. */
export function recordingPrompter(answer: string): Prompter & { readonly questions: string[] } {
  const questions: string[] = [];
  return { canAsk: true, assumeYes: false, questions, ask: async (question) => { questions.push(question); return answer; } };
}
