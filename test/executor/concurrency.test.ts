import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeBatches } from '../../engine/plan/index.js';
import { runOnLocalHosts } from '../helpers/run.js';

test('serial [2, "30%"] over 7 hosts gives Ansible\'s batches [h1 h2] [h3 h4] [h5 h6] [h7]', () => {
  const hosts = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'];
  assert.deepEqual(computeBatches(hosts, [2, '30%']), [['h1', 'h2'], ['h3', 'h4'], ['h5', 'h6'], ['h7']]);
  assert.deepEqual(computeBatches(hosts, ['50%']), [['h1', 'h2', 'h3'], ['h4', 'h5', 'h6'], ['h7']]);
  assert.deepEqual(computeBatches(hosts, [1, 2]), [['h1'], ['h2', 'h3'], ['h4', 'h5'], ['h6', 'h7']]);
});

test('a rolling block runs each batch through the whole block before the next batch starts', async () => {
  const run = await runOnLocalHosts(`runbook: t\nhosts: all\nsteps:\n  - name: roll\n    serial: [2, "30%"]\n    steps:\n      - command: [sleep, "0.05"]\n      - command: ["true"]\n`, { hosts: 7 });
  const batches = run.events.flatMap((e) => (e.type === 'batch-start' ? [e.hosts] : []));
  assert.deepEqual(batches, [['h1', 'h2'], ['h3', 'h4'], ['h5', 'h6'], ['h7']]);
  const order = run.events.flatMap((e) => (e.type === 'step-end' ? [e.host] : []));
  const lastOfBatch1 = Math.max(order.lastIndexOf('h1'), order.lastIndexOf('h2'));
  assert.ok(lastOfBatch1 < order.indexOf('h3'), order.join(' '));
});

test('in lockstep, no step starts on any host before the previous step ended on all', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - command: [sleep, "0.05"]\n  - command: ["true"]\n  - command: ["true"]\n', { hosts: 4 });
  const seen = run.events.filter((e) => e.type === 'step-start' || e.type === 'step-end').map((e) => `${e.type} ${'id' in e ? e.id : ''}`);
  for (const id of ['2', '3']) {
    const firstStart = seen.indexOf(`step-start ${id}`);
    const previous = String(Number(id) - 1);
    assert.ok(seen.lastIndexOf(`step-end ${previous}`) < firstStart, `step ${id} started early: ${seen.join(', ')}`);
  }
});

test('a parallel: 2 block never has more than 2 hosts inside at once, and hosts do not wait for each other', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - name: each\n    parallel: 2\n    steps:\n      - command: [sleep, "0.1"]\n      - command: [sleep, "0.1"]\n', { hosts: 5 });
  let inside = 0;
  let most = 0;
  const steps = new Map<string, number>();
  for (const e of run.events) {
    if (e.type === 'step-start' && !steps.has(e.host)) { steps.set(e.host, 0); most = Math.max(most, ++inside); }
    if (e.type === 'step-end' && e.id === '1.2') inside--;
  }
  assert.equal(most, 2);
  const ends = run.events.flatMap((e) => (e.type === 'step-end' ? [`${e.host}:${e.id}`] : []));
  // h1 finished the whole block before h5 began it: no lockstep barrier between hosts
  assert.ok(ends.indexOf('h1:1.2') < ends.indexOf('h5:1.1'), ends.join(' '));
});
