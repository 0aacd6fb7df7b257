import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadYamlFile } from '../../engine/source/index.js';
import { evaluate, expressionVariables, renderValue } from '../../engine/template/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { AT, engineErrorOf, scopeOf } from './helpers.js';

const dir = writeFiles(tempDir(), {
  'runbook.yml': [
    'steps:',
    '  - name: Install',
    '    command: "install {{ target_version | quote }}"',
    '    when: probe.rc == 0',
    '',
  ].join('\n'),
});
const file = join(dir, 'runbook.yml');
loadYamlFile(file);


test('an undefined variable is an invalid-input error at the YAML position of the value', () => {
  const at = { file, path: ['steps', 0, 'command'] };
  const error = engineErrorOf(() => renderValue('install {{ target_version | quote }}', scopeOf(), at));
  assert.equal(error.kind, 'invalid-input');
  const [d] = error.diagnostics;
  assert.deepEqual({ file: d?.file, line: d?.line, col: d?.col }, { file, line: 3, col: 14 });
  assert.equal(d?.message, 'undefined variable "target_version" in "install {{ target_version | quote }}"');
  assert.match(d?.hint ?? '', /default|-e/);
});

test('an undefined variable in a bare expression points at the when: value', () => {
  const error = engineErrorOf(() => evaluate('probe.rc == 0', scopeOf(), { file, path: ['steps', 0, 'when'] }));
  const [d] = error.diagnostics;
  assert.deepEqual({ line: d?.line, col: d?.col }, { line: 4, col: 11 });
  assert.equal(d?.message, 'undefined variable "probe" in "probe.rc == 0"');
});

test('an undefined variable is never an empty string, even inside a longer text', () => {
  assert.throws(() => renderValue('a{{ missing }}b', scopeOf(), AT), /undefined variable "missing"/);
});

test('an undefined variable used with not, and, if or a loop is still an error', () => {
  for (const text of ['{{ not missing }}', '{{ missing and 1 }}', '{% if missing %}x{% endif %}', '{% for i in missing %}{% endfor %}']) {
    assert.throws(() => renderValue(text, scopeOf(), AT), /undefined variable "missing"/, text);
  }
});

test('a missing key names the dict and the key', () => {
  const scope = scopeOf({}, { facts: { ipfs_cluster: { version: '1.1.0' } } });
  assert.throws(() => evaluate('facts.ipfs_cluster.config', scope, AT), /"facts.ipfs_cluster" \(a dict\) has no attribute "config"/);
});

test('a misspelt variable gets a did-you-mean hint', () => {
  const error = engineErrorOf(() => renderValue('{{ target_versoin }}', scopeOf({ target_version: '1' }), AT));
  assert.equal(error.hint, 'did you mean "target_version"?');
});

test('an undefined variable inside another var names the var being rendered', () => {
  const scope = scopeOf({ backup_file: 'pinset-{{ run.id }}.json' });
  assert.throws(() => renderValue('{{ backup_file }}', scope, AT),
    /undefined variable "run" in "\{\{ backup_file \}\}" \(while rendering variable "backup_file"\)/);
});

test('a syntax error is an invalid-input error naming the problem, the column and the expression', () => {
  const error = engineErrorOf(() => evaluate('probe.rc 0', scopeOf(), AT));
  assert.equal(error.kind, 'invalid-input');
  assert.equal(error.message, 'syntax error: unexpected text after the expression at line 1, column 10 in "probe.rc 0"');
});

test('an expression cut short says so', () => {
  assert.throws(() => evaluate('probe.rc ==', scopeOf(), AT), /^EngineError: syntax error: the expression ends too early in "probe.rc =="$/);
});

test('an unknown filter is an error naming it', () => {
  assert.throws(() => renderValue('{{ 1 | frobnicate }}', scopeOf(), AT), /frobnicate/);
});

test('a misspelt filter or test name gets a did-you-mean hint', () => {
  const scope = scopeOf({}, { name: 'x' });
  const filter = engineErrorOf(() => renderValue('{{ name | uppercase }}', scope, AT));
  assert.match(filter.message, /^unknown filter "uppercase"/);
  assert.equal(filter.diagnostics[0]?.hint, 'did you mean "upper"?');
  assert.equal(engineErrorOf(() => renderValue('{{ name is defind }}', scope, AT)).diagnostics[0]?.hint, 'did you mean "defined"?');
});

test('when written as a template ({{ }}, an Ansible habit) says to drop the braces, not a syntax error', () => {
  const scope = scopeOf({}, { canary: true });
  const error = engineErrorOf(() => evaluate('{{ canary }}', scope, AT));
  assert.match(error.message, /^when takes a bare expression/);
  assert.equal(error.diagnostics[0]?.hint, 'when takes a bare expression: drop the {{ }}, as in when: canary');
});

test('the plan-time reading of a when written as a template gives the same hint', () => {
  const error = engineErrorOf(() => expressionVariables('{{ canary }}', AT));
  assert.equal(error.diagnostics[0]?.hint, 'when takes a bare expression: drop the {{ }}, as in when: canary');
});
