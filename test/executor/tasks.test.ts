import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runOnLocalHosts, stepEnds } from '../helpers/run.js';

const rb = (steps: string) => `runbook: t\nhosts: all\nsteps:\n${steps}`;

test('retries with until run the task again until it holds, reporting each retry', async () => {
  const run = await runOnLocalHosts(rb(`  - name: count
    shell: "echo x >> n; wc -l < n"
    register: out
    until: out.stdout | int >= 3
    retries: 5
    delay: 0
`), { hosts: 1 });
  assert.deepEqual(stepEnds(run.events), ['h1 1 changed']);
  assert.deepEqual(run.events.flatMap((e) => (e.type === 'retry' ? [`${e.attempt}/${e.of}`] : [])), ['2/6', '3/6']);
  assert.equal(readFileSync(join(run.home('h1'), 'n'), 'utf8'), 'x\nx\nx\n');
});

test('until that never holds fails after retries + 1 attempts', async () => {
  const run = await runOnLocalHosts(rb('  - command: ["false"]\n    register: r\n    until: r.rc == 0\n    retries: 2\n    delay: 0\n'), { hosts: 1 });
  const end = run.events.find((e) => e.type === 'step-end');
  assert.ok(end?.type === 'step-end');
  assert.deepEqual([end.status, end.attempts], ['failed', 3]);
  assert.match(end.reason ?? '', /still false after 3 attempts/);
});

test('a command past its timeout is killed and the step fails saying so', async () => {
  const started = Date.now();
  const run = await runOnLocalHosts(rb('  - command: [sleep, "30"]\n    timeout: 300ms\n'), { hosts: 1 });
  assert.ok(Date.now() - started < 20_000);
  const end = run.events.find((e) => e.type === 'step-end');
  assert.ok(end?.type === 'step-end' && end.status === 'failed');
  assert.match(end.reason ?? '', /timed out after/);
});

test('changed_when and failed_when decide from the result; ignore_errors goes on', async () => {
  const run = await runOnLocalHosts(rb(`  - command: [sh, -c, "echo ok; exit 3"]
    register: r
    failed_when: "'ok' not in r.stdout"
    changed_when: false
  - command: ["false"]
    ignore_errors: true
  - command: [touch, reached]
`), { hosts: 1 });
  assert.deepEqual(stepEnds(run.events), ['h1 1 ok', 'h1 2 failed', 'h1 3 changed']);
  assert.equal(run.recap[0]?.outcome, 'ok');
  assert.equal(run.exitCode, 0);
});

test('a failed step shows the host, the step, the exit code and the end of stderr', async () => {
  const run = await runOnLocalHosts(rb('  - name: breaks\n    command: [sh, -c, "echo boom >&2; exit 7"]\n'), { hosts: 1 });
  assert.equal(run.recap[0]?.outcome, 'failed');
  assert.match(run.recap[0]?.reason ?? '', /^step 1 "breaks": exit code 7: boom$/);
});

test('rescue handles a failure in the block and always runs for every host', async () => {
  const run = await runOnLocalHosts(rb(`  - name: guarded
    steps:
      - command: [sh, -c, "test {{ inventory_hostname }} != h2"]
      - command: [touch, body-done]
    rescue:
      - command: [touch, rescued]
    always:
      - command: [touch, always]
  - command: [touch, after]
`), { hosts: 3 });
  for (const h of ['h1', 'h3']) assert.deepEqual(['body-done', 'rescued', 'always', 'after'].map((f) => existsSync(join(run.home(h), f))), [true, false, true, true]);
  assert.deepEqual(['body-done', 'rescued', 'always', 'after'].map((f) => existsSync(join(run.home('h2'), f))), [false, true, true, true]);
  assert.equal(run.exitCode, 0);
});

test('run_once runs on the first host and registers its result for all', async () => {
  const run = await runOnLocalHosts(rb(`  - command: [echo, "{{ inventory_hostname }}"]
    register: first
    run_once: true
  - command: [touch, "from-{{ first.stdout }}"]
`), { hosts: 3 });
  assert.deepEqual(stepEnds(run.events).filter((s) => s.includes(' 1 ')), ['h1 1 changed']);
  for (const h of ['h1', 'h2', 'h3']) assert.ok(existsSync(join(run.home(h), 'from-h1')), h);
});

test('delegate_to runs the command on the other host with this host\'s variables', async () => {
  const run = await runOnLocalHosts(rb('  - command: [touch, "for-{{ inventory_hostname }}"]\n    delegate_to: h1\n'), { hosts: 2 });
  assert.deepEqual(['for-h1', 'for-h2'].map((f) => existsSync(join(run.home('h1'), f))), [true, true]);
  assert.equal(existsSync(join(run.home('h2'), 'for-h2')), false);
});

test('any_errors_fatal stops every host at the first failure', async () => {
  const run = await runOnLocalHosts(rb(`  - name: strict
    any_errors_fatal: true
    steps:
      - command: [sh, -c, "test {{ inventory_hostname }} != h1"]
      - command: [touch, reached]
`), { hosts: 3 });
  for (const h of ['h1', 'h2', 'h3']) assert.equal(existsSync(join(run.home(h), 'reached')), false, h);
  assert.match(run.halted ?? '', /any_errors_fatal/);
});

test('max_fail_percentage lets a roll-out go on while few enough hosts have failed', async () => {
  const steps = `  - name: roll
    serial: 1
    max_fail_percentage: 40
    steps:
      - command: [sh, -c, "test ! -e fail-here"]
      - command: [touch, done]
`;
  const run = await runOnLocalHosts(rb(steps), { hosts: 4, files: { 'h1/fail-here': '' } });
  assert.deepEqual(['h2', 'h3', 'h4'].map((h) => existsSync(join(run.home(h), 'done'))), [true, true, true]);
  const strict = await runOnLocalHosts(rb(steps.replace('40', '20')), { hosts: 4, files: { 'h1/fail-here': '' } });
  assert.deepEqual(['h2', 'h3', 'h4'].map((h) => existsSync(join(strict.home(h), 'done'))), [false, false, false]);
});

test('include brings in a task file with its vars; tags and --start-at-step select steps', async () => {
  const files = { 'tasks/make.yml': '- name: make it\n  command: [touch, "{{ what }}"]\n  tags: [make]\n' };
  const steps = `  - name: first
    command: [touch, first]
  - name: included
    include: tasks/make.yml
    vars: { what: made }
  - name: last
    command: [touch, last]
    tags: [final]
`;
  const run = await runOnLocalHosts(rb(steps), { hosts: 1, files });
  assert.deepEqual(['first', 'made', 'last'].map((f) => existsSync(join(run.home('h1'), f))), [true, true, true]);
  const tagged = await runOnLocalHosts(rb(steps), { hosts: 1, files, options: { tags: ['make'] } });
  assert.deepEqual(['first', 'made', 'last'].map((f) => existsSync(join(tagged.home('h1'), f))), [false, true, false]);
  const started = await runOnLocalHosts(rb(steps), { hosts: 1, files, options: { startAtStep: 'make it' } });
  assert.deepEqual(['first', 'made', 'last'].map((f) => existsSync(join(started.home('h1'), f))), [false, true, true]);
});

test('set_fact values are data for later steps; step vars and -e take precedence as the contract says', async () => {
  const run = await runOnLocalHosts(`runbook: t\nhosts: all\nvars:\n  who: runbook\nsteps:
  - set_fact: { greeting: "hi {{ who }}" }
  - command: [touch, "{{ greeting }}-{{ level }}"]
    vars: { level: step }
`, { hosts: 1, extraVars: { who: 'cli' } });
  assert.ok(existsSync(join(run.home('h1'), 'hi cli-step')));
});

test('a step printing far more than the cap keeps the start and the end of its output, marked where it was cut', async () => {
  const run = await runOnLocalHosts(rb('  - shell: "head -c 5000000 /dev/zero | tr \'\\\\0\' x; echo; echo THE-END"\n    register: big\n'), { hosts: 1 });
  const end = run.events.find((e) => e.type === 'step-end');
  assert.ok(end?.type === 'step-end' && end.status === 'changed');
  const stdout = String(end.result?.stdout);
  assert.ok(stdout.length < 1_100_000, `kept ${stdout.length} characters`);
  assert.match(stdout, /\[… \d+ bytes cut …\]/);
  assert.match(stdout, /THE-END$/);
  assert.equal(end.result?.output_truncated, true);
});
