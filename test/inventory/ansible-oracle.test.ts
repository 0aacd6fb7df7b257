import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadInventory, selectHosts } from '../../engine/inventory/index.js';
import { inventoryGraph, inventoryList, toAnsibleJson } from '../../engine/reporters/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

// Every case in test/fixtures/inventory holds an inventory and what ansible-inventory 2.14 printed
// for it (see the README there); runbook must print the same.
const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/inventory');
const CASES = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'errors').map((d) => d.name);

function sourceOf(dir: string): string {
  if (existsSync(join(dir, 'args.txt'))) return readFileSync(join(dir, 'args.txt'), 'utf8').trim();
  const name = readdirSync(dir).find((f) => f.startsWith('inventory'));
  assert.ok(name, `no inventory in ${dir}`);
  return join(dir, name);
}

/** Python's json accepts bare Infinity and NaN; turn them into strings on both sides before comparing. */
function parsePythonJson(text: string): unknown {
  return JSON.parse(text.replace(/(?<=[:[,]\s*)(-?Infinity|NaN)\b/g, '"$1"'));
}

// Known, documented differences (README, "How we differ from Ansible"): JavaScript has one number
// type, so a float with nothing after the point prints as an int (1000.0 → 1000); tuples are lists;
// a YAML timestamp is kept as the ISO text --list shows, which --graph prints with a space for the T.
function withoutKnownDifferences(graph: string): string {
  return graph.replace(/(\{\w+ = -?\d+)\.0\}/g, '$1}').replace(/(\{\w+ = )\((.*)\)\}/g, '$1[$2]}')
    .replace(/(\{\w+ = \d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)/g, '$1T$2');
}

test('the fixture set covers YAML, INI, folder and comma-list inventories', () => {
  assert.ok(CASES.length >= 15, CASES.join(' '));
  for (const kind of ['yaml-basic', 'ini-basic', 'dir-mixed', 'comma-list']) assert.ok(CASES.includes(kind));
});

for (const name of CASES) {
  const dir = join(FIXTURES, name);
  test(`${name}: --list gives the same JSON as ansible-inventory --list`, () => {
    const ours = toAnsibleJson(inventoryList(loadInventory([sourceOf(dir)])));
    assert.deepEqual(parsePythonJson(ours), parsePythonJson(readFileSync(join(dir, 'expected-list.json'), 'utf8')));
  });
  test(`${name}: --graph and --graph --vars print the same tree as ansible-inventory`, () => {
    const inventory = loadInventory([sourceOf(dir)]);
    assert.equal(`${inventoryGraph(inventory)}\n`, readFileSync(join(dir, 'expected-graph.txt'), 'utf8'));
    assert.equal(`${inventoryGraph(inventory, 'all', { vars: true })}\n`,
      withoutKnownDifferences(readFileSync(join(dir, 'expected-graph-vars.txt'), 'utf8')));
  });
  const patterns = join(dir, 'patterns.json');
  if (existsSync(patterns)) {
    test(`${name}: every host pattern selects the hosts Ansible selects, in its order`, () => {
      const inventory = loadInventory([sourceOf(dir)]);
      const expected = JSON.parse(readFileSync(patterns, 'utf8')) as Record<string, string[]>;
      for (const [pattern, hosts] of Object.entries(expected)) {
        assert.deepEqual(selectHosts(inventory, pattern).hosts, hosts, `pattern ${pattern}`);
      }
    });
  }
}
