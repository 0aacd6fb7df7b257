import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/files.js';
import { runOnLocalHosts, stepEnds } from '../helpers/run.js';

const RUNBOOK = `runbook: t
hosts: all
steps:
  - name: probe
    command: [cat, state.txt]
    register: probe
    failed_when: false
    check_mode: run
  - name: write
    command: [sh, -c, "echo new > state.txt"]
    when: probe.rc != 0
    register: wrote
    rollback: { command: [rm, state.txt] }
  - name: after the write
    command: [touch, after]
    when: wrote.changed
  - name: only on h2
    command: [touch, h2-only]
    when: inventory_hostname == 'h2'
`;

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('run')).sort();
}

test('a dry run executes nothing: the hosts\' files are unchanged', async () => {
  const dir = tempDir();
  const before = listing((await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - command: ["true"]\n    check_mode: run\n', { dir })).dir);
  await runOnLocalHosts(RUNBOOK, { dir, mode: 'check' });
  assert.deepEqual(listing(dir), before);
});

test('a dry run marks each step will run, skipped, or decided at run time with what it waits for', async () => {
  const run = await runOnLocalHosts(RUNBOOK, { mode: 'check', hosts: 2 });
  assert.deepEqual(stepEnds(run.events).sort(), [
    'h1 1 changed', 'h1 2 would-run', 'h1 3 runtime', 'h1 4 skipped',
    'h2 1 changed', 'h2 2 would-run', 'h2 3 runtime', 'h2 4 would-run',
  ]);
  const runtime = run.events.find((e) => e.type === 'step-end' && e.status === 'runtime');
  assert.ok(runtime?.type === 'step-end');
  assert.match(runtime.reason ?? '', /`when: wrote.changed` reads `wrote` \(registered by step 2 "write"\)/);
  const undo = run.events.find((e) => e.type === 'step-end' && e.id === '2');
  assert.ok(undo?.type === 'step-end');
  assert.deepEqual(undo.undo, ['rm state.txt']);
});

test('the steps a dry run says will run are exactly the steps the real run then executes', async () => {
  const dir = tempDir();
  const dry = await runOnLocalHosts(RUNBOOK, { dir, mode: 'check', hosts: 3 });
  const real = await runOnLocalHosts(RUNBOOK, { dir, hosts: 3 });
  const planned = stepEnds(dry.events).filter((s) => !s.endsWith('skipped')).map((s) => s.split(' ').slice(0, 2).join(' ')).sort();
  const executed = real.events.flatMap((e) => (e.type === 'step-start' ? [`${e.host} ${e.id}`] : [])).sort();
  assert.deepEqual(executed, planned);
  assert.equal(real.exitCode, 0);
  assert.ok(listing(join(dir, 'h2')).includes('h2-only'));
});

test('an undefined variable is reported with its file:line:col in a dry run', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - name: uses\n    command: [echo, "{{ nowhere }}"]\n    check_mode: run\n', { mode: 'check', hosts: 1 });
  const [first] = run.diagnostics;
  assert.ok(first, 'a diagnostic');
  assert.deepEqual([first.file.endsWith('runbook.yml'), first.line, first.col], [true, 5, 14]);
  assert.match(first.message, /nowhere/);
});

test('a var that reads a registered value is decided at run time in a dry run, not refused as undefined', async () => {
  const yaml = `runbook: t
hosts: all
vars:
  from_runbook: "{{ out.stdout }}-r"
steps:
  - name: read
    command: [echo, hello]
    register: out
  - name: use step vars
    command: [touch, "{{ sv }}"]
    vars: { sv: "{{ out.stdout }}-s" }
  - name: use runbook vars in a condition
    command: [touch, "{{ from_runbook }}"]
    when: from_runbook != ''
`;
  const plan = await runOnLocalHosts(yaml, { hosts: 1, mode: 'check' });
  assert.deepEqual(plan.diagnostics, []);
  assert.deepEqual(stepEnds(plan.events), ['h1 1 would-run', 'h1 2 would-run', 'h1 3 runtime']);
  const second = plan.events.find((e) => e.type === 'step-end' && e.id === '2');
  assert.ok(second?.type === 'step-end');
  assert.match(second.description, /\[reads out: known at run time\]$/);
  const run = await runOnLocalHosts(yaml, { hosts: 1 });
  assert.deepEqual(stepEnds(run.events), ['h1 1 changed', 'h1 2 changed', 'h1 3 changed']);
  assert.deepEqual(readdirSync(run.home('h1')).sort(), ['hello-r', 'hello-s']);
});

test('a run_once result a dry run cannot know is decided at run time on every host, not undefined on the others', async () => {
  const run = await runOnLocalHosts(`runbook: t
hosts: all
steps:
  - command: [echo, hi]
    register: out
    run_once: true
  - assert: { that: "out.stdout == 'hi'" }
`, { mode: 'check', hosts: 2 });
  assert.equal(run.exitCode, 0);
  assert.deepEqual(stepEnds(run.events).sort(), ['h1 1 would-run', 'h1 2 runtime', 'h2 2 runtime']);
});

test('a set_fact a dry run cannot decide leaves what it sets to run time: a later step never reads an older value', async () => {
  const run = await runOnLocalHosts(`runbook: t
hosts: all
vars: { level: old }
steps:
  - command: [echo, new]
    register: out
  - set_fact: { level: "{{ out.stdout }}" }
  - command: [touch, "{{ level }}"]
`, { mode: 'check', hosts: 1 });
  assert.deepEqual(stepEnds(run.events), ['h1 1 would-run', 'h1 2 runtime', 'h1 3 would-run']);
  const third = run.events.find((e) => e.type === 'step-end' && e.id === '3');
  assert.ok(third?.type === 'step-end');
  // the command shows what it waits for, never `touch old`
  assert.equal(third.description, "touch '{{ level }}'  [reads level: known at run time]");
});
