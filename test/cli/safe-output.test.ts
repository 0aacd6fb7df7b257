import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../engine/core/index.js';
import { CLI, recordedRun, runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

// a host that writes the clipboard (OSC 52), clears the screen and hides text behind a carriage return
const HOSTILE = String.raw`printf 'E\033]52;c;cm0gLXJmIC8K\007\033[2J\033[31mRED\rX\n' >&2; exit 3`;
const RAW = /\x1b|\x07|\r/;
const dir = tempDir();
mkdirSync(join(dir, 'h1'));
writeFiles(dir, {
  'inv.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n    h1: { runbook_home: ${join(dir, 'h1')} }\n`,
  'fail.yml': `runbook: fail\nhosts: all\nsteps:\n  - name: hostile\n    shell: ${JSON.stringify(HOSTILE)}\n`,
  'plan.yml': `runbook: p\nhosts: all\nsteps:\n  - name: probe\n    shell: ${JSON.stringify(HOSTILE.replace(' >&2; exit 3', ''))}\n    check_mode: run\n    register: out\n`
    + '  - name: echo\n    command: [echo, "{{ out.stdout }}"]\n',
});
const run = (...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });

test('exec --output plain shows the control characters a host printed escaped', () => {
  const result = run('exec', 'fail.yml', '-i', 'inv.yml', '--output', 'plain');
  assert.equal(result.status, 2);
  assert.doesNotMatch(result.stdout, RAW);
  assert.match(result.stdout, /E\\x1b\]52;c;cm0gLXJmIC8K\\x07\\x1b\[2J\\x1b\[31mRED\\rX/);
});

test('exec --output json keeps the raw text, escaped by JSON', () => {
  const result = run('exec', 'fail.yml', '-i', 'inv.yml', '--output', 'json');
  assert.match(result.stdout, /\\u001b\]52;c;cm0gLXJmIC8K\\u0007\\u001b\[2J/);
});

test('runbook show escapes the control characters of a failure reason', () => {
  const id = recordedRun(dir, () => run('exec', 'fail.yml', '-i', 'inv.yml', '--output', 'plain'));
  const result = run('show', id);
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stdout, RAW);
  assert.match(result.stdout, /\\x1b\]52;c;/);
});

test('plan in text and markdown escapes the control characters of host output a step reads', () => {
  for (const format of ['text', 'markdown']) {
    const result = run('plan', 'plan.yml', '-i', 'inv.yml', '--format', format);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, RAW, format);
    assert.match(result.stdout, /echo 'E\\x1b\]52;c;cm0gLXJmIC8K\\x07\\x1b\[2J\\x1b\[31mRED\\rX'/, format);
  }
});

test('the live view (on a pseudo-terminal) shows the host control characters escaped', () => {
  const command = `stty cols 200 rows 30; ${shellQuote(process.execPath)} ${shellQuote(CLI)} exec fail.yml -i inv.yml`;
  const env = { ...process.env };
  delete env.CI;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
  assert.doesNotMatch(result.stdout, /\x1b\]52|\x07|\x1b\[2J|RED\rX/);
  assert.match(result.stdout, /\\x1b\]52;c;/);
});
