import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadInventory, writeInventoryList, type Inventory } from '../../engine/inventory/index.js';
import { inventoryList, toAnsibleJson } from '../../engine/reporters/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/inventory');

function written(inventory: Inventory): string[] {
  const chunks: string[] = [];
  writeInventoryList(inventory, (chunk) => chunks.push(chunk));
  return chunks;
}

function sourceOf(dir: string): string {
  if (existsSync(join(dir, 'args.txt'))) return readFileSync(join(dir, 'args.txt'), 'utf8').trim();
  return join(dir, readdirSync(dir).find((f) => f.startsWith('inventory'))!);
}

test('the streamed --list is byte for byte the JSON built whole, for every inventory fixture', () => {
  const cases = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'errors');
  assert.ok(cases.length >= 15);
  for (const { name } of cases) {
    const inventory = loadInventory([sourceOf(join(FIXTURES, name))]);
    assert.equal(written(inventory).join(''), toAnsibleJson(inventoryList(inventory)), name);
  }
});

test('the streamed --list writes empty lists and mappings, non-finite numbers and nested values as JSON.stringify does', () => {
  const dir = writeFiles(tempDir(), { 'inv.yml': 'all:\n  vars: { e: [], o: {}, inf: .inf, nan: .nan, neg: -.inf, n: [1, {b: null, a: [true, "x\\"y"]}], u: "\\u00e9" }\n'
    + '  hosts: { h1: { x: 1.5e+300 } }\n  children: { g: { hosts: { h2: } }, empty: {} }\n' });
  const inventory = loadInventory([join(dir, 'inv.yml')]);
  assert.equal(written(inventory).join(''), toAnsibleJson(inventoryList(inventory)));
});

test('host variables of scalars only are written as JSON.stringify writes them, keys sorted, text escaped', () => {
  const dir = writeFiles(tempDir(), { 'inv.yml': 'all:\n  hosts:\n    h1: { b: "q\\"t\\\\", a: -0.0, B: x, _z: 017, t: yes, n: ~, f: 1.5, e: "\\u00e9\\u2028\\u0007\\ud83d\\ude00" }\n'
    + '    h2: { one: 1 }\n    h3: { nested: { "10": x, "9": y } }\n' });
  const inventory = loadInventory([join(dir, 'inv.yml')]);
  assert.equal(written(inventory).join(''), toAnsibleJson(inventoryList(inventory)));
});

test('the same variable names on many hosts, with other values each, are written for each host as its own', () => {
  const dir = writeFiles(tempDir(), { 'inv.yml': 'all:\n  vars: { a: 1 }\n  hosts:\n    h1: { b: x, c: "q\\"" }\n    h2: { b: y }\n    h3: { c: [1] }\n' });
  const inventory = loadInventory([join(dir, 'inv.yml')]);
  const text = written(inventory).join('');
  assert.equal(text, toAnsibleJson(inventoryList(inventory)));
  assert.match(text, /"h1": \{\n {16}"a": 1,\n {16}"b": "x",\n {16}"c": "q\\""\n {12}\}/);
  assert.match(text, /"h2": \{\n {16}"a": 1,\n {16}"b": "y"\n {12}\}/);
});

test('a host\'s own variables and host_vars files win over its groups\' lines, key by key, in sorted order', () => {
  const dir = writeFiles(tempDir(), {
    'inv.yml': 'all:\n  vars: { a: 1, m: g }\n  children:\n    web:\n      vars: { z: web }\n      hosts:\n        h1: { a: 2, b: 3 }\n        h2:\n        h3: { A: x }\n',
    'host_vars/h1.yml': 'b: 4\nc: 5\nm: [list]\n', 'host_vars/h2.yml': 'a: 0\n',
  });
  const inventory = loadInventory([join(dir, 'inv.yml')]);
  const text = written(inventory).join('');
  assert.equal(text, toAnsibleJson(inventoryList(inventory)));
  const hostvars = (JSON.parse(text) as { _meta: { hostvars: Record<string, unknown> } })._meta.hostvars;
  assert.deepEqual(hostvars, { h1: { a: 2, b: 4, c: 5, m: ['list'], z: 'web' }, h2: { a: 0, m: 'g', z: 'web' }, h3: { A: 'x', a: 1, m: 'g', z: 'web' } });
  assert.deepEqual(Object.keys(hostvars['h3'] as object), ['A', 'a', 'm', 'z']);
});

test('a big --list comes in chunks of at least 64 KB, each ending with a newline but the last', () => {
  const hosts = Array.from({ length: 3000 }, (_, i) => `    host${i}: { ansible_host: 10.0.${i >> 8}.${i & 255} }`).join('\n');
  const dir = writeFiles(tempDir(), { 'inv.yml': `all:\n  hosts:\n${hosts}\n` });
  const chunks = written(loadInventory([join(dir, 'inv.yml')]));
  assert.ok(chunks.length > 2, String(chunks.length));
  for (const chunk of chunks.slice(0, -1)) assert.ok(chunk.endsWith('\n') && chunk.length >= 64 * 1024, String(chunk.length));
  assert.ok(chunks.at(-1)!.endsWith('}'));
});

test('hosts of the same groups are each written with their own values, whatever order or kind their variables have', () => {
  const dir = writeFiles(tempDir(), { 'inv.yml': 'all:\n  vars: { m: g, a: 1 }\n  children:\n    web:\n      hosts:\n'
    + '        h1: { b: x, a: 2 }\n        h2: { a: 3, b: y }\n        h3: { b: [1], a: 4 }\n        h4: { b: z, a: 5 }\n'
    + '        h5: { a: 6, c: { k: 1 } }\n        h6: { b: "w", a: 7, z: null }\n        h7:\n' });
  const inventory = loadInventory([join(dir, 'inv.yml')]);
  const text = written(inventory).join('');
  assert.equal(text, toAnsibleJson(inventoryList(inventory)));
  const hostvars = (JSON.parse(text) as { _meta: { hostvars: Record<string, unknown> } })._meta.hostvars;
  assert.deepEqual(hostvars, {
    h1: { a: 2, b: 'x', m: 'g' }, h2: { a: 3, b: 'y', m: 'g' }, h3: { a: 4, b: [1], m: 'g' }, h4: { a: 5, b: 'z', m: 'g' },
    h5: { a: 6, c: { k: 1 }, m: 'g' }, h6: { a: 7, b: 'w', m: 'g', z: null }, h7: { a: 1, m: 'g' },
  });
  assert.match(text, /"h2": \{\n {16}"a": 3,\n {16}"b": "y",\n {16}"m": "g"\n {12}\}/);
});
