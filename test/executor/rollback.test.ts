import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runOnLocalHosts } from '../helpers/run.js';

const ROLL_OUT = `runbook: t
hosts: all
steps:
  - name: roll
    serial: 1
    steps:
      - name: one
        command: [sh, -c, "echo one >> done.log"]
        rollback: { command: [sh, -c, "echo undo-one >> undo.log"] }
      - name: two
        command: [sh, -c, "echo two >> done.log"]
        rollback: { command: [sh, -c, "echo undo-two >> undo.log"] }
      - name: three
        command: [sh, -c, "test ! -e fail-here"]
`;

test('a failure on host 3 of a serial: 1 roll-out leaves hosts 4-5 untouched and undoes host 3 in reverse order', async () => {
  const run = await runOnLocalHosts(ROLL_OUT, { hosts: 5, files: { 'h3/fail-here': '' } });
  assert.equal(readFileSync(join(run.home('h3'), 'undo.log'), 'utf8'), 'undo-two\nundo-one\n');
  for (const host of ['h4', 'h5']) assert.equal(existsSync(join(run.home(host), 'done.log')), false, host);
  assert.deepEqual(run.recap.map((r) => r.outcome), ['ok', 'ok', 'rolled-back', 'not-run', 'not-run']);
  assert.equal(existsSync(join(run.home('h1'), 'undo.log')), false);
  assert.equal(run.exitCode, 2);
  assert.match(run.halted ?? '', /roll-out of "roll" stopped after batch 3/);
});

test('rollback_scope: all rolls back every host of the block when one fails', async () => {
  const runbook = ROLL_OUT.replace('    serial: 1\n', '    rollback_scope: all\n');
  const run = await runOnLocalHosts(runbook, { hosts: 3, files: { 'h2/fail-here': '' } });
  for (const host of ['h1', 'h2', 'h3']) assert.equal(readFileSync(join(run.home(host), 'undo.log'), 'utf8'), 'undo-two\nundo-one\n', host);
  assert.deepEqual(run.recap.map((r) => r.outcome), ['rolled-back', 'rolled-back', 'rolled-back']);
});

test('with the default rollback scope, only the failed host is rolled back and the others go on', async () => {
  const runbook = `${ROLL_OUT.replace('    serial: 1\n', '')}  - name: after\n    command: [touch, after]\n`;
  const run = await runOnLocalHosts(runbook, { hosts: 3, files: { 'h2/fail-here': '' } });
  assert.deepEqual(run.recap.map((r) => r.outcome), ['ok', 'rolled-back', 'ok']);
  assert.equal(existsSync(join(run.home('h1'), 'after')), true);
  assert.equal(existsSync(join(run.home('h2'), 'after')), false);
});

test('a failing undo is reported and the remaining undos still run', async () => {
  const runbook = ROLL_OUT.replace('"echo undo-two >> undo.log"', '"echo undo-two >> undo.log; exit 3"').replace('    serial: 1\n', '');
  const run = await runOnLocalHosts(runbook, { hosts: 1, files: { 'h1/fail-here': '' } });
  assert.equal(readFileSync(join(run.home('h1'), 'undo.log'), 'utf8'), 'undo-two\nundo-one\n');
  assert.equal(run.recap[0]?.outcome, 'rollback-failed');
  const undos = run.events.flatMap((e) => (e.type === 'undo' ? [`${e.name}:${e.status}`] : []));
  assert.deepEqual(undos, ['two:failed', 'one:ok']);
});

test('--no-rollback leaves the failed host as it is', async () => {
  const run = await runOnLocalHosts(ROLL_OUT, { hosts: 1, files: { 'h1/fail-here': '' }, options: { noRollback: true } });
  assert.equal(existsSync(join(run.home('h1'), 'undo.log')), false);
  assert.equal(run.recap[0]?.outcome, 'failed');
});

test('the runbook-level rollback runs last, on the hosts that failed', async () => {
  const runbook = `${ROLL_OUT.replace('    serial: 1\n', '')}rollback:\n  - command: [sh, -c, "echo final >> undo.log"]\n`;
  const run = await runOnLocalHosts(runbook, { hosts: 2, files: { 'h2/fail-here': '' } });
  assert.equal(readFileSync(join(run.home('h2'), 'undo.log'), 'utf8'), 'undo-two\nundo-one\nfinal\n');
  assert.equal(existsSync(join(run.home('h1'), 'undo.log')), false);
});

/** An outer `rollback_scope: all` block around two rolling blocks (a canary, then the others); INNER is their own scope. */
const NESTED = (inner: string) => `runbook: t
hosts: all
steps:
  - name: upgrade
    rollback_scope: all
    when: inventory_hostname != 'h5'
    steps:
      - name: canary
        serial: 1${inner}
        when: inventory_hostname == 'h1'
        steps: &upgrade
          - name: new config
            command: [sh, -c, "cp config config.old && echo new > config"]
            rollback: { command: [sh, -c, "mv config.old config && echo undo-config >> undo.log"] }
          - name: new binary
            command: [sh, -c, "echo new > binary"]
            rollback: { command: [sh, -c, "echo old > binary && echo undo-binary >> undo.log"] }
          - name: start
            command: [sh, -c, "test ! -e fail-here"]
      - name: the others
        serial: 1${inner}
        when: inventory_hostname != 'h1'
        steps: *upgrade
`;

for (const [label, inner] of [['no scope', ''], ['rollback_scope: all', '\n        rollback_scope: all'], ['rollback_scope: batch', '\n        rollback_scope: batch']] as const) {
  test(`an outer rollback_scope: all is not narrowed by the rolling blocks inside it (theirs: ${label})`, async () => {
    const hosts = ['h1', 'h2', 'h3', 'h4', 'h5'];
    const files = Object.fromEntries(hosts.flatMap((h) => [[`${h}/config`, 'old\n'], [`${h}/binary`, 'old\n']]));
    const run = await runOnLocalHosts(NESTED(inner), { hosts: 5, files: { ...files, 'h3/fail-here': '' } });
    // h1 (the canary, done in the first block), h2 (done in the second) and h3 (failed there) go back, newest undo first
    for (const host of ['h1', 'h2', 'h3']) {
      assert.equal(readFileSync(join(run.home(host), 'undo.log'), 'utf8'), 'undo-binary\nundo-config\n', host);
      assert.equal(readFileSync(join(run.home(host), 'config'), 'utf8'), 'old\n', host);
      assert.equal(readFileSync(join(run.home(host), 'binary'), 'utf8'), 'old\n', host);
      assert.equal(existsSync(join(run.home(host), 'config.old')), false, host);
    }
    // h4 entered the block but was not reached (no undo hooks); h5 never entered it: both untouched
    for (const host of ['h4', 'h5']) {
      assert.equal(existsSync(join(run.home(host), 'undo.log')), false, host);
      assert.equal(existsSync(join(run.home(host), 'config.old')), false, host);
      assert.equal(readFileSync(join(run.home(host), 'config'), 'utf8'), 'old\n', host);
      assert.equal(readFileSync(join(run.home(host), 'binary'), 'utf8'), 'old\n', host);
    }
    const undone = run.events.flatMap((e) => (e.type === 'undo' && e.status === 'ok' ? [e.host] : []));
    assert.deepEqual([...new Set(undone)].sort(), ['h1', 'h2', 'h3']);
    assert.deepEqual(run.recap.map((r) => `${r.host} ${r.outcome}`), ['h1 rolled-back', 'h2 rolled-back', 'h3 rolled-back', 'h4 stopped', 'h5 not-run']);
    assert.equal(run.exitCode, 2);
  });
}
