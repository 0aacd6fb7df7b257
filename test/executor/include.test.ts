import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runOnLocalHosts, stepEnds } from '../helpers/run.js';

const TASKS = { 'inc.yml': '- name: touch\n  command: [touch, included]\n' };
const rb = (include: string) => `runbook: t\nhosts: all\nsteps:\n  - name: g\n    include: inc.yml\n${include}`;

test('an include whose when is false runs none of its steps, and says why', async () => {
  const run = await runOnLocalHosts(rb('    when: false\n'), { hosts: 2, files: TASKS });
  assert.deepEqual(stepEnds(run.events).sort(), ['h1 1 skipped', 'h2 1 skipped']);
  const end = run.events.find((e) => e.type === 'step-end');
  assert.ok(end?.type === 'step-end');
  assert.deepEqual([end.module, end.reason], ['include', 'when: false is false']);
  assert.equal(existsSync(join(run.home('h1'), 'included')), false);
});

test('an include\'s when is decided per host, once, on entry', async () => {
  const run = await runOnLocalHosts(rb('    when: inventory_hostname == "h2"\n'), { hosts: 2, files: TASKS });
  assert.deepEqual(stepEnds(run.events).sort(), ['h1 1 skipped', 'h2 1.1 changed']);
  assert.deepEqual([existsSync(join(run.home('h1'), 'included')), existsSync(join(run.home('h2'), 'included'))], [false, true]);
});

test('an include\'s tags reach its steps: --skip-tags skips them, --tags selects them', async () => {
  const skipped = await runOnLocalHosts(rb('    tags: [migrate]\n'), { hosts: 1, files: TASKS, options: { skipTags: ['migrate'] } });
  assert.deepEqual(stepEnds(skipped.events), ['h1 1.1 skipped']);
  assert.equal(existsSync(join(skipped.home('h1'), 'included')), false);
  const selected = await runOnLocalHosts(rb('    tags: [migrate]\n'), { hosts: 1, files: TASKS, options: { tags: ['migrate'] } });
  assert.deepEqual(stepEnds(selected.events), ['h1 1.1 changed']);
});

test('an include\'s environment reaches its commands', async () => {
  const run = await runOnLocalHosts(rb('    environment: { MARK: from-include }\n'), {
    hosts: 1, files: { 'inc.yml': '- name: env\n  command: [sh, -c, "echo $MARK > seen"]\n' } });
  assert.deepEqual(stepEnds(run.events), ['h1 1.1 changed']);
  assert.equal(readFileSync(join(run.home('h1'), 'seen'), 'utf8'), 'from-include\n');
});

test('the plan of an include shows it as a group with its condition and the hosts it holds for', async () => {
  const run = await runOnLocalHosts(rb('    when: inventory_hostname == "h2"\n'), { hosts: 2, files: TASKS, mode: 'check' });
  const start = run.events.find((e) => e.type === 'block-start');
  assert.ok(start?.type === 'block-start');
  assert.deepEqual([start.kind, start.hosts, start.when], ['include', ['h2'], ['inventory_hostname == "h2"']]);
  assert.deepEqual(stepEnds(run.events).sort(), ['h1 1 skipped', 'h2 1.1 would-run']);
});

test('meta: end_host ends the host successfully: nothing after it runs there, the others go on', async () => {
  const run = await runOnLocalHosts(`runbook: t\nhosts: all\nsteps:
  - name: done already
    meta: end_host
    when: inventory_hostname == "h1"
  - name: touch
    command: [touch, reached]
`, { hosts: 2 });
  assert.deepEqual(stepEnds(run.events).sort(), ['h1 1 ok', 'h2 1 skipped', 'h2 2 changed']);
  assert.deepEqual(run.recap.map((r) => r.outcome), ['ok', 'ok']);
  assert.equal(run.exitCode, 0);
  assert.equal(existsSync(join(run.home('h1'), 'reached')), false);
});
