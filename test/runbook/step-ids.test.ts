import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { allSteps, allTasks, loadRunbook } from '../../engine/runbook/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const RUNBOOK = `runbook: ids
hosts: all
steps:
  - command: [echo]
    rollback: [{ command: [echo, a] }, { command: [echo, b] }]
  - name: roll
    serial: 1
    gate: { command: [echo] }
    steps:
      - command: [echo]
      - name: inner
        steps: [{ command: [echo] }]
    rescue: [{ command: [echo] }]
    always: [{ command: [echo] }]
  - name: more
    include: more.yml
rollback:
  - command: [echo]
`;

test('the loader gives every step its id once, and allSteps walks them all: nested steps, sections, gate, undo hooks, includes', () => {
  const dir = writeFiles(tempDir(), { 'ids.yml': RUNBOOK, 'more.yml': '- command: [echo]\n- command: [echo]\n' });
  const runbook = loadRunbook(join(dir, 'ids.yml'));
  assert.deepEqual(allSteps(runbook.steps).map((step) => step.id), [
    '1', '1.undo', '1.undo',
    '2', '2.1', '2.2', '2.2.1', '2.rescue.1', '2.always.1', '2.gate',
    '3', '3.1', '3.2',
  ]);
  assert.deepEqual(runbook.rollback.map((task) => task.id), ['rollback.1']);
  assert.deepEqual(allTasks(runbook).map((task) => task.id).filter((id) => !/^\d+$/.test(id)).slice(-3), ['3.1', '3.2', 'rollback.1']);
});
