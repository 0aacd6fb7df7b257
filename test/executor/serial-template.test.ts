import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../engine/core/index.js';
import type { RunEvent } from '../../engine/executor/index.js';
import { tempDir } from '../helpers/files.js';
import { runOnLocalHosts, stepEnds } from '../helpers/run.js';

const rolling = (serial: string, vars = 'batch: 2') =>
  `runbook: t\nhosts: all\nvars:\n  ${vars}\nsteps:\n  - name: roll\n    serial: ${serial}\n    steps:\n      - name: mark\n        command: [touch, done]\n`;

function batches(events: readonly RunEvent[]): string[][] {
  return events.flatMap((e) => (e.type === 'batch-start' ? [[...e.hosts]] : []));
}

/** The EngineError a run throws before it starts; fails the test when it runs. */
async function refusal(yaml: string, extraVars: Record<string, unknown> = {}): Promise<EngineError> {
  const dir = tempDir();
  const error = await runOnLocalHosts(yaml, { hosts: 5, extraVars, dir }).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof EngineError && error.kind === 'invalid-input', String(error));
  assert.deepEqual(readdirSync(dir).filter((f) => existsSync(join(dir, f, 'done'))), [], 'no host ran anything');
  return error;
}

test('a templated serial takes the runbook var, rolls in batches of that size, and every host runs the block', async () => {
  const run = await runOnLocalHosts(rolling('"{{ batch }}"'), { hosts: 5 });
  assert.equal(run.exitCode, 0);
  assert.deepEqual(batches(run.events), [['h1', 'h2'], ['h3', 'h4'], ['h5']]);
  assert.deepEqual(['h1', 'h2', 'h3', 'h4', 'h5'].map((h) => existsSync(join(run.home(h), 'done'))), [true, true, true, true, true]);
  const order = stepEnds(run.events).map((line) => line.split(' ')[0]);
  assert.deepEqual(order.slice(0, 2).sort(), ['h1', 'h2'], 'the second batch starts after the first ends');
});

test('-e overrides the runbook var, as a number, digits or a percentage, as Ansible\'s serial reads them', async () => {
  for (const [batch, expected] of [[3, [3, 2]], ['3', [3, 2]], ['40%', [2, 2, 1]]] as const) {
    const run = await runOnLocalHosts(rolling('"{{ batch }}"'), { hosts: 5, extraVars: { batch }, mode: 'check' });
    assert.deepEqual(batches(run.events).map((b) => b.length), expected, String(batch));
  }
});

test('a template may give the whole list of sizes, or stand for one size of a list', async () => {
  const whole = await runOnLocalHosts(rolling('"{{ sizes }}"', 'sizes: [1, "50%"]'), { hosts: 5, mode: 'check' });
  assert.deepEqual(batches(whole.events).map((b) => b.length), [1, 2, 2]);
  const one = await runOnLocalHosts(rolling('[1, "{{ rest }}"]', 'rest: "40%"'), { hosts: 5, mode: 'check' });
  assert.deepEqual(batches(one.events).map((b) => b.length), [1, 2, 2]);
});

test('a serial that resolves to no batch size is refused before anything runs, at its file:line:col', async () => {
  for (const bad of ['abc', 0, -1, 2.5, '0%', [], { a: 1 }]) {
    const error = await refusal(rolling('"{{ batch }}"'), { batch: bad });
    const [d, ...rest] = error.diagnostics;
    assert.equal(rest.length, 0);
    assert.deepEqual([d?.line, d?.col, d?.code], [7, 13, 'bad-value'], JSON.stringify(bad));
    assert.match(d!.message, /^serial: "\{\{ batch \}\}" gave .*, which is not a batch size$/);
    assert.match(d!.hint ?? '', /a number of hosts \(at least 1\) or a percentage/);
  }
});

test('a serial that reads a host var, a fact or a result is refused: they are not known before the run', async () => {
  const error = await refusal(rolling('[1, "{{ inventory_hostname | length }}"]'));
  const [d] = error.diagnostics;
  assert.deepEqual([d?.line, d?.col], [7, 17]);
  assert.match(d!.message, /undefined variable "inventory_hostname"/);
  assert.match(d!.hint ?? '', /resolved before the run, from the runbook's vars and params, groups and -e/);
});
