import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRunbook, type Step } from '../../engine/runbook/index.js';
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

/** Every id of a step list, depth first, as the loader gave them. */
function ids(steps: readonly Step[]): string[] {
  return steps.flatMap((step): string[] => {
    if (step.kind === 'task') return [step.id, ...step.rollback.map((undo) => undo.id)];
    if (step.kind === 'include') return [step.id, ...ids(step.steps)];
    return [step.id, ...ids(step.steps), ...ids(step.rescue), ...ids(step.always), ...(step.gate ? [step.gate.id] : [])];
  });
}

test('the loader gives every step its id once: nested steps, sections, gate, undo hooks, includes, the runbook rollback', () => {
  const dir = writeFiles(tempDir(), { 'ids.yml': RUNBOOK, 'more.yml': '- command: [echo]\n- command: [echo]\n' });
  const runbook = loadRunbook(join(dir, 'ids.yml'));
  assert.deepEqual(ids(runbook.steps), [
    '1', '1.undo', '1.undo',
    '2', '2.1', '2.2', '2.2.1', '2.rescue.1', '2.always.1', '2.gate',
    '3', '3.1', '3.2',
  ]);
  assert.deepEqual(runbook.rollback.map((task) => task.id), ['rollback.1']);
});
