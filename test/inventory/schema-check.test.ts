import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check } from '../../engine/inventory/inventory-schema-check.js';
import { SCHEMA_CHECK_FILE, schemaCheckSource } from '../../engine/inventory/schema-check-source.js';
import { validateWithSchema } from '../../engine/schema/index.js';
import { parseYamlText } from '../../engine/source/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

test('the compiled inventory schema check is what schemas/inventory.schema.json compiles to today', () => {
  const committed = readFileSync(join(PROJECT_ROOT, SCHEMA_CHECK_FILE), 'utf8');
  assert.ok(committed === schemaCheckSource(), `${SCHEMA_CHECK_FILE} is out of date: run npm run schemas`);
});

const INVENTORIES = [
  'all:\n  hosts:\n    a:\n    b: { x: 1 }\n  children: { g: { hosts: "web[1:3]", vars: { y: [1] } } }\n',
  'all:\n  hosts: [a, b]\n', 'all:\n  host: { a: }\n', 'all:\n  children: { "bad name": {} }\n',
  'all:\n  vars: { "1x": 2 }\n', 'web:\n  hosts: { w1: }\n  vars: { ansible_group_priority: 5 }\n', 'all:\n  hosts: a\n',
];

test('the compiled check accepts exactly the inventories ajv accepts', () => {
  for (const text of INVENTORIES) {
    const source = parseYamlText('inv.yml', text);
    const diagnostics = validateWithSchema(source, source.value, { schema: 'inventory' });
    assert.equal(check(source.value), diagnostics.length === 0, text);
  }
  assert.deepEqual(INVENTORIES.map((text) => check(parseYamlText('inv.yml', text).value)), [true, false, false, false, false, true, true]);
});
