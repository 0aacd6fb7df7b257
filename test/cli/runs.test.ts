import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { recordedRun, runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

function project(): string {
  const dir = tempDir();
  for (const h of ['a', 'b']) mkdirSync(join(dir, h));
  return writeFiles(dir, {
    'inventory.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n    a: { runbook_home: ${join(dir, 'a')} }\n    b: { runbook_home: ${join(dir, 'b')} }\n`,
    'gated.yml': 'runbook: gated\nhosts: all\nsteps:\n  - command: [touch, before]\n  - name: roll\n    serial: 1\n    approve: true\n    steps:\n      - command: [touch, rolled]\n',
  });
}
const cli = (dir: string, ...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });

test('runbook runs shows a run suspended for approval as awaiting approval, then ok once approved to the end', () => {
  const dir = project();
  assert.equal(cli(dir, 'exec', 'gated.yml', '-i', 'inventory.yml').status, 1);
  assert.match(cli(dir, 'runs').stdout, /gated {2}2 host\(s\) {2}awaiting approval$/m);
  const [id] = readdirSync(join(dir, '.runbook', 'runs'));
  for (let i = 0; i < 2; i++) cli(dir, 'approve', id!);
  assert.match(cli(dir, 'runs').stdout, /gated {2}2 host\(s\) {2}ok$/m);
});

test('runbook show adds up every segment of a run (the first start and each approval) in its recap', () => {
  const dir = project();
  cli(dir, 'exec', 'gated.yml', '-i', 'inventory.yml');
  const [id] = readdirSync(join(dir, '.runbook', 'runs'));
  for (let i = 0; i < 2; i++) cli(dir, 'approve', id!);
  const shown = cli(dir, 'show', id!);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /3 segments/);
  assert.match(shown.stdout, /^a +ok +ok=2 changed=2 /m);
  assert.match(shown.stdout, /^b +ok +ok=2 changed=2 /m);
  assert.match(shown.stdout, /ok: exit code 0$/m);
});

test('a journal line that is not an event is reported with its file and line: runs lists the other runs, show and --resume stop with exit 1', () => {
  const dir = project();
  const broken = recordedRun(dir, () => cli(dir, 'exec', 'gated.yml', '-i', 'inventory.yml'));
  const fine = recordedRun(dir, () => cli(dir, 'exec', 'gated.yml', '-i', 'inventory.yml', '--yes'));
  const file = join(dir, '.runbook', 'runs', broken, 'journal.jsonl');
  appendFileSync(file, 'null\n{"v":1,"at":"2026-11-30T00:00:00.000Z","type":"facts","host":"a","ok":true}\n');
  const listed = cli(dir, 'runs');
  assert.equal(listed.status, 0);
  assert.match(listed.stdout, new RegExp(`^${fine} .* ok$`, 'm'));
  assert.match(listed.stdout, new RegExp(`^${broken} {2}unreadable journal$`, 'm'));
  const line = new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+: not a journal event: null`);
  assert.match(listed.stderr, line);
  for (const args of [['show', broken], ['exec', '--resume', broken]]) {
    const result = cli(dir, ...args);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, line);
  }
});
