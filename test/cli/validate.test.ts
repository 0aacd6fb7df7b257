import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const dir = writeFiles(tempDir(), {
  'good.yml': 'runbook: good\nhosts: all\nsteps:\n  - name: a\n    command: [ls]\n',
  'bad.yml': 'runbook: bad\nhosts: all\nsteps:\n  - name: a\n    whn: true\n    command: [ls]\n',
  'runbooks/found-by-name.yml': 'runbook: named\nhosts: all\nsteps:\n  - command: [ls]\n',
});

test('validate exits 0 and says so when every file is valid', () => {
  const result = runCli(['validate', 'good.yml'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /1 file\(s\) valid/);
});

test('validate exits 4 and prints file:line:col, the source line and the hint for a typo', () => {
  const result = runCli(['validate', 'good.yml', 'bad.yml'], { cwd: dir });
  assert.equal(result.status, 4);
  assert.match(result.stderr, /^bad\.yml:5:5: error\[unknown-keyword\]: unknown key "whn"$/m);
  assert.match(result.stderr, /^5 \|     whn: true$/m);
  assert.match(result.stderr, /^hint: did you mean "when"\?$/m);
});

test('validate --format json prints the errors as {file, line, col, message, path}', () => {
  const result = runCli(['validate', '--format', 'json', 'bad.yml'], { cwd: dir });
  assert.equal(result.status, 4);
  const [error, ...rest] = JSON.parse(result.stdout) as Record<string, unknown>[];
  assert.equal(rest.length, 0);
  assert.deepEqual({ ...error, hint: undefined, code: undefined, severity: undefined },
    { file: 'bad.yml', line: 5, col: 5, message: 'unknown key "whn"', path: '/steps/0/whn', hint: undefined, code: undefined, severity: undefined });
});

test('a runbook name is looked up in runbooks/, with the suffix left out', () => {
  assert.equal(runCli(['validate', 'found-by-name'], { cwd: dir }).status, 0);
});

test('a file found nowhere names every place that was tried, and fails validation', () => {
  const result = runCli(['validate', 'nowhere'], { cwd: dir });
  assert.equal(result.status, 4);
  assert.match(result.stderr, /runbooks\/nowhere\.yaml/);
});

test('output has no colour codes when NO_COLOR is set, even with FORCE_COLOR', () => {
  const result = runCli(['validate', 'bad.yml'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '3' } });
  assert.doesNotMatch(result.stderr, /\x1b\[/);
});

test('an unknown option is a usage error: exit 5, one message, no stack trace', () => {
  const result = runCli(['validate', '--frobnicate', 'good.yml'], { cwd: dir });
  assert.equal(result.status, 5);
  assert.match(result.stderr, /unknown option '--frobnicate'/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('--help and --version exit 0 and print them', () => {
  const help = runCli(['validate', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: runbook validate/);
  const version = runCli(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('every runbook shipped in runbooks/ validates', () => {
  const root = PROJECT_ROOT;
  const files = readdirSync(join(root, 'runbooks'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yml')).map((f) => join('runbooks', f));
  assert.ok(files.length > 0);
  const result = runCli(['validate', ...files], { cwd: root });
  assert.equal(result.status, 0, result.stderr);
});

const includes = writeFiles(tempDir(), {
  'main.yml': 'runbook: m\nhosts: all\nsteps:\n  - name: a\n    include: tasks/t.yml\n  - name: b\n    include: tasks/t.yml\n',
  'tasks/t.yml': '- name: a\n  whn: true\n  command: [ls]\n',
});

test('a bad tasks file, included twice and named too, gives one diagnostic per problem, at its path from here', () => {
  const text = runCli(['validate', 'main.yml', 'tasks/t.yml'], { cwd: includes });
  assert.equal(text.status, 4);
  assert.deepEqual(text.stderr.match(/^.*error\[.*$/gm), ['tasks/t.yml:2:3: error[unknown-keyword]: unknown key "whn"']);
  assert.match(text.stderr, /^1 error in 1 of 2 file\(s\)$/m);
  const json = runCli(['validate', '--format', 'json', 'main.yml', 'tasks/t.yml'], { cwd: includes });
  assert.equal(json.status, 4);
  const found = (JSON.parse(json.stdout) as { file: string; line: number; col: number }[]).map((d) => `${d.file}:${d.line}:${d.col}`);
  assert.deepEqual(found, ['tasks/t.yml:2:3']);
});

const conditions = writeFiles(tempDir(), {
  'runbooks/typo.yml': 'runbook: typo\nhosts: all\nsteps:\n  - name: probe\n    command: [ls]\n    register: probe\n'
    + '  - name: after\n    command: [ls]\n    when: probe is succeded\n',
  'inventories/local.yml': 'all:\n  hosts:\n    h1: { ansible_connection: local }\n',
});

test('an unknown test in a condition fails validate at file:line:col, with the nearest test as the hint', () => {
  const text = runCli(['validate', 'typo'], { cwd: conditions, env: { NO_COLOR: '1' } });
  assert.equal(text.status, 4);
  assert.match(text.stderr, /^runbooks\/typo\.yml:9:11: error\[bad-value\]: unknown test "succeded" in "probe is succeded"$/m);
  assert.match(text.stderr, /^hint: did you mean "succeeded"\?$/m);
  const json = runCli(['validate', '--format', 'json', 'typo'], { cwd: conditions });
  assert.deepEqual((JSON.parse(json.stdout) as Record<string, unknown>[]).map(({ line, col, hint }) => ({ line, col, hint })),
    [{ line: 9, col: 11, hint: 'did you mean "succeeded"?' }]);
});

test('plan refuses the same runbook with exit 4 and the same diagnostic, before it gathers or runs anything', () => {
  const plan = runCli(['plan', 'typo', '-i', 'local'], { cwd: conditions, env: { NO_COLOR: '1' } });
  assert.equal(plan.status, 4, plan.stdout + plan.stderr);
  assert.match(plan.stderr, /runbooks\/typo\.yml:9:11: error\[bad-value\]: unknown test "succeded"/);
  assert.doesNotMatch(plan.stdout, /h1/);
});
