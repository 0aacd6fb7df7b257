import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH, parseYamlText } from '../../engine/source/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

/** "Billion laughs": `levels` anchors, each a list of ten aliases of the one before. */
function aliasBomb(indent: string, levels: number): string {
  const lines = [`${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i < levels; i++) lines.push(`${indent}l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

test('an alias bomb is refused where the expansion passes the budget, without expanding it', () => {
  const started = Date.now();
  const source = parseYamlText('bomb.yml', aliasBomb('', 10));
  assert.equal(source.value, undefined);
  const [problem] = source.diagnostics;
  assert.deepEqual([problem?.line, problem?.code], [6, 'bad-value']); // at l5: its ten aliases of l4 pass a million
  assert.equal(problem?.message, `aliases expand this document past ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values`);
  assert.ok(Date.now() - started < 2000);
});

test('aliases shared many times within the budget are read as usual', () => {
  const hosts = Array.from({ length: 2000 }, (_, i) => `  h${i}: *common`).join('\n');
  const source = parseYamlText('ok.yml', `common: &common {user: ops, port: 22}\nhosts:\n${hosts}\n`);
  assert.deepEqual(source.diagnostics, []);
  assert.deepEqual((source.value as { hosts: Record<string, unknown> }).hosts.h1999, { user: 'ops', port: 22 });
});

test('an alias inside the collection it names is refused', () => {
  const [problem] = parseYamlText('cycle.yml', 'a: &a\n  - 1\n  - *a\n').diagnostics;
  assert.equal(problem?.message, 'an alias here refers to a collection that contains it');
  assert.equal(problem?.path, '/a/1');
});

test('nesting past the limit names the limit and the place, not the call stack', () => {
  const text = `x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
  const [problem] = parseYamlText('deep.yml', text).diagnostics;
  assert.equal(problem?.message, `mappings and lists nest deeper than ${MAX_NESTING_DEPTH} levels`);
  assert.deepEqual([problem?.line, problem?.col], [1, 4 + MAX_NESTING_DEPTH - 1]);
});

test('runbook validate and inventory loading both refuse an alias bomb, exit 4', () => {
  const dir = writeFiles(tempDir(), {
    'rb.yml': `runbook: r\nhosts: all\nvars:\n${aliasBomb('  ', 10)}steps:\n  - command: [true]\n`,
    'inv.yml': `all:\n  vars:\n${aliasBomb('    ', 10)}  hosts:\n    h1:\n`,
  });
  const validate = runCli(['validate', join(dir, 'rb.yml')]);
  assert.equal(validate.status, 4);
  assert.match(validate.stderr, /rb\.yml:9:\d+: error\[bad-value\]: aliases expand this document past/);
  const inventory = runCli(['inventory', '-i', join(dir, 'inv.yml'), '--list']);
  assert.equal(inventory.status, 4);
  assert.match(inventory.stderr, /inv\.yml:8:\d+: error\[bad-value\]: aliases expand this document past/);
});
