import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expressionVariables, templateVariables } from '../../engine/template/index.js';
import { AT } from './helpers.js';

const EXPRESSIONS: [string, string[]][] = [
  ['probe.rc == 0', ['probe']],
  ['facts.ipfs_cluster.version is version(target_version, "<")', ['facts', 'target_version']],
  ['x | default(fallback) | int > limit', ['fallback', 'limit', 'x']],
  ['peer in groups["cluster"] and not skip', ['groups', 'peer', 'skip']],
  ['hostvars[inventory_hostname].ip', ['hostvars', 'inventory_hostname']],
  ['True and none', []],
  ['items | map(attribute="name") | select("match", pattern) | list', ['items', 'pattern']],
];

for (const [expression, names] of EXPRESSIONS) {
  test(`the expression ${expression} reads ${JSON.stringify(names)}`, () => {
    assert.deepEqual(expressionVariables(expression, AT), names);
  });
}

test('a template reads the names of its expressions but not its loop or set variables', () => {
  const text = '{% set sep = "," %}{% for h in groups.all %}{{ h }}{{ sep }}{{ hostvars[h].port }}{% endfor %}';
  assert.deepEqual(templateVariables(text, AT), ['groups', 'hostvars']);
});

test('a plain string reads nothing', () => {
  assert.deepEqual(templateVariables('just text', AT), []);
});

test('a syntax error in an expression is an invalid-input error', () => {
  assert.throws(() => expressionVariables('a ==', AT), { name: 'EngineError', kind: 'invalid-input' });
});
