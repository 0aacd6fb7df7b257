import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../engine/core/index.js';
import { loadRunbook } from '../../engine/runbook/index.js';
import { spanOf } from '../../engine/source/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const dir = writeFiles(tempDir(), {
  'main.yml': [
    'runbook: main', 'hosts: cluster', 'steps:',
    '  - name: probe', '    command: [ipfs-cluster-ctl, id]', '    timeout: 1m30s', '    when: [a, "b > 1"]',
    '  - name: roll', '    serial: [1, "50%"]', '    rollback_scope: batch', '    steps:',
    '      - name: shared', '        include: tasks/shared.yml',
    'rollback:', '  command: [echo, undo]', ''].join('\n'),
  'tasks/shared.yml': '- name: in the tasks file\n  shell: echo hi\n  rollback: { command: [echo, back] }\n',
  'cycle.yml': 'runbook: c\nhosts: all\nsteps:\n  - name: loop\n    include: tasks/loop.yml\n',
  'tasks/loop.yml': '- name: again\n  include: loop.yml\n',
});

test('a runbook loads into typed steps: tasks, blocks and includes resolved from their files', () => {
  const runbook = loadRunbook(join(dir, 'main.yml'));
  const [probe, roll] = runbook.steps;
  assert.equal(probe?.kind, 'task');
  assert.equal(probe.kind === 'task' && probe.timeout, 90_000);
  assert.deepEqual(probe.when.map((w) => w.source), ['a', 'b > 1']);
  assert.ok(roll?.kind === 'block');
  assert.deepEqual([roll.serial, roll.rollbackScope], [[1, '50%'], 'batch']);
  const include = roll.steps[0];
  assert.ok(include?.kind === 'include');
  assert.equal(include.file, join(dir, 'tasks/shared.yml'));
  const shared = include.steps[0];
  assert.ok(shared?.kind === 'task' && shared.module === 'shell');
  assert.deepEqual(shared.rollback.map((r) => r.args), [['echo', 'back']]);
  assert.deepEqual(runbook.rollback.map((r) => r.args), [['echo', 'undo']]);
});

test('a step remembers where it was written, in its own file', () => {
  const runbook = loadRunbook(join(dir, 'main.yml'));
  const roll = runbook.steps[1];
  assert.ok(roll?.kind === 'block' && roll.steps[0]?.kind === 'include');
  assert.deepEqual(spanOf(roll.at), { file: join(dir, 'main.yml'), line: 8, col: 5 });
  assert.deepEqual(spanOf(roll.steps[0].steps[0]!.at), { file: join(dir, 'tasks/shared.yml'), line: 1, col: 3 });
});

test('an include cycle is refused, naming the files in the loop', () => {
  assert.throws(() => loadRunbook(join(dir, 'cycle.yml')), (error: unknown) => {
    assert.ok(error instanceof EngineError && error.kind === 'invalid-input');
    assert.match(error.diagnostics[0]?.message ?? '', /include cycle: .*loop\.yml → .*loop\.yml/);
    return true;
  });
});
