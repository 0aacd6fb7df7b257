import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localConnection, type Connection } from '../../../engine/connection/index.js';
import { resumeState, type RunEvent } from '../../../engine/executor/index.js';
import { loadRunbook } from '../../../engine/runbook/index.js';
import { tempDir, writeFiles } from '../../helpers/files.js';
import { endOf, read, run, stepEnds, type KeyTable } from './helpers.js';

/** A `sudo` on PATH that records its arguments, then runs the command after `--`. */
function fakeSudo(): { dir: string; connect: (host: string) => Connection; args: () => string } {
  const dir = tempDir();
  const bin = writeFiles(tempDir(), { sudo: '#!/bin/sh\nprintf "%s\\n" "$*" >> "$(dirname "$0")/args"\nwhile [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n' });
  chmodSync(join(bin, 'sudo'), 0o755);
  return {
    dir, connect: (host) => localConnection(host, { home: join(dir, host), env: { PATH: `${bin}:${process.env.PATH ?? ''}` } }),
    args: () => readFileSync(join(bin, 'args'), 'utf8'),
  };
}

/** The keys of a task (a step with a module key), besides the module's own. */
export const TASK_KEYS_TABLE: KeyTable = {
  'task.name': async () => {
    assert.equal(endOf(await run('  - name: say it\n    command: ["true"]\n'), '1').name, 'say it');
  },
  'task.when': async () => {
    const r = await run('  - command: [touch, ran]\n    when: inventory_hostname != "h1"\n');
    assert.deepEqual([stepEnds(r.events), read(r, 'ran')], [['h1 1 skipped'], undefined]);
  },
  'task.tags': async () => {
    const r = await run('  - command: [touch, ran]\n    tags: [slow]\n', { options: { skipTags: ['slow'] } });
    assert.deepEqual([stepEnds(r.events), read(r, 'ran')], [['h1 1 skipped'], undefined]);
  },
  'task.any_errors_fatal': async () => {
    // as Ansible's task keyword: h1 failing the check stops h2 before its next step, and without it h2 goes on
    const steps = (key: string) => `  - fail: { msg: down }\n    when: inventory_hostname == "h1"\n${key}  - command: [touch, ran]\n`;
    const fatal = await run(steps('    any_errors_fatal: true\n'), { hosts: 2 });
    const plain = await run(steps(''), { hosts: 2 });
    assert.deepEqual([read(fatal, 'ran', 'h2'), read(plain, 'ran', 'h2')], [undefined, '']);
    assert.match(fatal.halted ?? '', /any_errors_fatal: h1 failed/);
  },
  'task.vars': async () => {
    assert.equal(read(await run('  - shell: "echo {{ v }} > out"\n    vars: { v: from-task }\n'), 'out'), 'from-task\n');
  },
  'task.environment': async () => {
    // the step's undo hook is part of it, and sees it too
    const r = await run('  - shell: "echo $MARK > out"\n    environment: { MARK: from-task }\n    rollback: { shell: "echo $MARK > undone" }\n  - command: ["false"]\n');
    assert.deepEqual([read(r, 'out'), read(r, 'undone')], ['from-task\n', 'from-task\n']);
  },
  'task.register': async () => {
    const r = await run('  - command: [echo, said]\n    register: r\n  - shell: "echo {{ r.stdout }} > out"\n');
    assert.equal(read(r, 'out'), 'said\n');
  },
  'task.retries': async () => {
    const r = await run('  - command: ["false"]\n    register: r\n    until: r.rc == 0\n    retries: 2\n    delay: 0\n');
    assert.deepEqual([endOf(r, '1').status, endOf(r, '1').attempts], ['failed', 3]);
  },
  'task.until': async () => {
    const r = await run('  - shell: "echo x >> n; wc -l < n"\n    register: r\n    until: r.stdout | int >= 2\n    retries: 5\n    delay: 0\n');
    assert.deepEqual([endOf(r, '1').status, endOf(r, '1').attempts], ['changed', 2]);
  },
  'task.delay': async () => {
    // the default delay is 5 s: a 300 ms delay shows in the step's duration
    const r = await run('  - shell: "echo x >> n; wc -l < n"\n    register: r\n    until: r.stdout | int >= 2\n    delay: 300ms\n');
    const ms = endOf(r, '1').durationMs;
    assert.ok(ms >= 290 && ms < 3000, `took ${ms} ms`);
  },
  'task.timeout': async () => {
    const started = Date.now();
    const r = await run('  - command: [sleep, "30"]\n    timeout: 300ms\n');
    assert.deepEqual([endOf(r, '1').status, Date.now() - started < 10_000], ['failed', true]);
    assert.match(endOf(r, '1').reason ?? '', /timed out after/);
  },
  'task.changed_when': async () => {
    assert.equal(endOf(await run('  - command: ["true"]\n    changed_when: false\n'), '1').status, 'ok');
  },
  'task.failed_when': async () => {
    const r = await run('  - command: [sh, -c, "echo fine; exit 3"]\n    register: r\n    failed_when: "\'fine\' not in r.stdout"\n');
    assert.deepEqual([endOf(r, '1').status, r.recap[0]?.outcome], ['changed', 'ok']);
  },
  'task.ignore_errors': async () => {
    const r = await run('  - command: ["false"]\n    ignore_errors: true\n  - command: [touch, reached]\n');
    assert.deepEqual([stepEnds(r.events), r.recap[0]?.outcome], [['h1 1 failed', 'h1 2 changed'], 'ok']);
  },
  'task.ignore_errors@template': async () => {
    const r = await run('  - command: ["false"]\n    ignore_errors: "{{ go_on }}"\n    vars: { go_on: true }\n  - command: [touch, reached]\n');
    assert.deepEqual([stepEnds(r.events), r.recap[0]?.outcome], [['h1 1 failed', 'h1 2 changed'], 'ok']);
  },
  'task.run_once': async () => {
    const r = await run('  - command: [touch, ran]\n    run_once: true\n', { hosts: 2 });
    assert.deepEqual([read(r, 'ran', 'h1'), read(r, 'ran', 'h2')], ['', undefined]);
  },
  'task.delegate_to': async () => {
    const r = await run('  - command: [touch, ran]\n    delegate_to: h2\n    when: inventory_hostname == "h1"\n', { hosts: 2 });
    assert.deepEqual([read(r, 'ran', 'h1'), read(r, 'ran', 'h2')], [undefined, '']);
  },
  'task.become': async () => {
    const sudo = fakeSudo();
    const r = await run('  - command: [touch, ran]\n    become: true\n', { dir: sudo.dir, connect: sudo.connect });
    assert.deepEqual([sudo.args(), endOf(r, '1').status], ['-n -u root -- touch ran\n', 'changed']);
  },
  'task.become@template': async () => {
    const sudo = fakeSudo();
    await run('  - command: [touch, ran]\n    become: "{{ as_root }}"\n    vars: { as_root: true }\n', { dir: sudo.dir, connect: sudo.connect });
    assert.equal(sudo.args(), '-n -u root -- touch ran\n');
  },
  'task.become_user': async () => {
    const sudo = fakeSudo();
    await run('  - command: [touch, ran]\n    become: true\n    become_user: ipfs\n', { dir: sudo.dir, connect: sudo.connect });
    assert.equal(sudo.args(), '-n -u ipfs -- touch ran\n');
  },
  'task.no_log': async () => {
    const r = await run('  - command: [sh, -c, "echo secret; touch ran"]\n    no_log: true\n');
    assert.equal(read(r, 'ran'), '');
    assert.doesNotMatch(JSON.stringify(r.events), /secret/);
  },
  'task.idempotent': async () => {
    // a step that started and never ended (the controller died): only an idempotent one may run again on resume
    const dir = writeFiles(tempDir(), { 'rb.yml': 'runbook: t\nhosts: all\nsteps:\n  - command: [touch, a]\n    idempotent: true\n  - command: [touch, b]\n' });
    const runbook = loadRunbook(join(dir, 'rb.yml'));
    const started = (id: string): RunEvent => ({ type: 'step-start', id, host: 'h1', name: 'command' });
    const interrupted = (id: string) => resumeState(runbook, [started(id)]).interrupted.map((s) => [s.id, s.isIdempotent]);
    assert.deepEqual([interrupted('1'), interrupted('2')], [[['1', true]], [['2', false]]]);
  },
  'task.rollback': async () => {
    const r = await run('  - command: ["true"]\n    rollback: { command: [touch, undone] }\n  - command: ["false"]\n');
    assert.deepEqual([read(r, 'undone'), r.recap[0]?.outcome], ['', 'rolled-back']);
  },
  'task.check_mode': async () => {
    const r = await run('  - command: [touch, ran]\n    check_mode: run\n', { mode: 'check' });
    assert.equal(read(r, 'ran'), '');
  },
  'check_mode.run': async () => {
    const r = await run('  - command: [touch, ran]\n    check_mode: run\n', { mode: 'check' });
    assert.deepEqual([read(r, 'ran'), endOf(r, '1').status], ['', 'changed']);
  },
  'check_mode.skip': async () => {
    // skip is the default of commands: the step is planned, not run (see the report about other modules)
    const r = await run('  - command: [touch, ran]\n    check_mode: skip\n', { mode: 'check' });
    assert.deepEqual([read(r, 'ran'), endOf(r, '1').status], [undefined, 'would-run']);
  },
  ...Object.fromEntries(([['rc', '3', 'r.rc == 3'], ['stdout', 'v1', 'r.stdout == "v1"'], ['stderr', 'oops', 'r.stderr == "oops"'], ['changed', 'true', 'r.changed']] as const)
    .map(([key, value, condition]) => [`check_mode.assume.${key}`, async () => {
      const r = await run(`  - command: [probe]\n    register: r\n    check_mode: { assume: { ${key}: ${value} } }\n  - command: [touch, next]\n    when: ${condition}\n`, { mode: 'check' });
      assert.equal(endOf(r, '2').status, 'would-run', `the assumed ${key} decides the next step's when`);
    }])),
};

/** become reaches the files a module reads and writes: copy, fetch and wait_for work as the become user. */
export async function becomeOnFiles(): Promise<void> {
  // the file is staged by the login user, then put in place, read back and fetched as the become user
  const sudo = fakeSudo();
  const steps = '  - copy: { content: "x", dest: out, backup: true }\n  - copy: { content: "y", dest: out, backup: true }\n    become: true\n'
    + '  - fetch: { src: out }\n    become: true\n  - wait_for: { path: out }\n    become: true\n';
  const r = await run(steps, { dir: sudo.dir, connect: sudo.connect });
  assert.deepEqual(stepEnds(r.events), ['h1 1 changed', 'h1 2 changed', 'h1 3 changed', 'h1 4 ok']);
  assert.deepEqual([read(r, 'out'), read(r, 'out.bak')], ['y', 'x']);
  const commands = sudo.args().split('\n').map((line) => line.replace(/^-n -u root -- /, '').split(' ')[0]);
  assert.deepEqual(commands, ['base64', 'sh', 'sh', 'base64', 'base64', '']);
  assert.deepEqual(readdirSync(r.home('h1')).filter((f) => f.startsWith('.runbook-staged')), [], 'the staged copy is removed');
}
