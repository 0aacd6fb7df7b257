import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check as inventoryCheck, hostPattern } from '../../engine/inventory/inventory-schema-check.js';
import { check as runbookCheck, taskFile } from '../../engine/runbook/runbook-schema-check.js';
import { plan, savedPlan } from '../../engine/schema/json-schema-check.js';
import { releases } from '../../engine/runbook/releases-schema-check.js';
import { newAjv, SCHEMA_CHECK_FILES, schemaCheckSource, validateJson, validateWithSchema } from '../../engine/schema/index.js';
import { parseYamlText } from '../../engine/source/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

test('every compiled schema check is what its schemas compile to today', () => {
  assert.equal(SCHEMA_CHECK_FILES.length, 4);
  for (const entry of SCHEMA_CHECK_FILES) {
    const committed = readFileSync(join(PROJECT_ROOT, entry.file), 'utf8');
    assert.ok(committed === schemaCheckSource(entry), `${entry.file} is out of date: run npm run schemas`);
  }
});

const INVENTORIES = [
  'all:\n  hosts:\n    a:\n    b: { x: 1 }\n  children: { g: { hosts: "web[1:3]", vars: { y: [1] } } }\n',
  'all:\n  hosts: [a, b]\n', 'all:\n  host: { a: }\n', 'all:\n  children: { "bad name": {} }\n',
  'all:\n  vars: { "1x": 2 }\n', 'web:\n  hosts: { w1: }\n  vars: { ansible_group_priority: 5 }\n', 'all:\n  hosts: a\n',
];

test('the compiled inventory check accepts exactly the inventories ajv accepts', () => {
  for (const text of INVENTORIES) {
    const source = parseYamlText('inv.yml', text);
    const diagnostics = validateWithSchema(source, source.value, { schema: 'inventory' });
    assert.equal(inventoryCheck(source.value), diagnostics.length === 0, text);
  }
  assert.deepEqual(INVENTORIES.map((text) => inventoryCheck(parseYamlText('inv.yml', text).value)), [true, false, false, false, false, true, true]);
});

test('the compiled host_pattern check is the schema definition', () => {
  const ajv = newAjv({ strict: true });
  ajv.addSchema(JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', 'inventory.schema.json'), 'utf8')) as object, 'inventory');
  const written = ajv.getSchema('inventory#/$defs/host_pattern')!;
  const names = ['web1', 'web[01:10].example.com', 'db:2222', '10.0.0.1', 'bad name', 'a,b', '', 'x[1:2', 'h_1-2', '[::1]:22'];
  for (const name of names) assert.equal(hostPattern(name), written(name), name);
  assert.deepEqual(names.map((n) => hostPattern(n)), names.map((n) => written(n)));
  assert.equal(hostPattern('web1'), true);
  assert.equal(hostPattern('bad name'), false);
});

function ymlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yml')).map((e) => join(e.parentPath, e.name));
}

const BAD_RUNBOOKS = [
  'runbook: r\nhosts: all\nsteps:\n  - command: [x]\n    serial: -1\n', 'runbook: r\nhosts: all\nstep: []\n',
  'runbook: r\nhosts: all\nsteps:\n  - comand: [x]\n', 'runbook: r\nsteps:\n  - command: [x]\n',
  'runbook: r\nhosts: all\nsteps:\n  - name: a\n    copy: { dest: /x }\n', 'runbook: 3\nhosts: all\nsteps: []\n',
];

test('the compiled runbook checks accept exactly the runbooks and task files ajv accepts', () => {
  const texts = [...ymlFiles(join(PROJECT_ROOT, 'runbooks')), ...ymlFiles(join(PROJECT_ROOT, 'test'))]
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    .filter(({ text }) => !text.startsWith('$ANSIBLE_VAULT') && !text.includes('!vault'));
  let runbooks = 0;
  let taskFiles = 0;
  for (const { file, text } of [...texts, ...BAD_RUNBOOKS.map((t, i) => ({ file: `bad${i}.yml`, text: t }))]) {
    const source = parseYamlText(file, text);
    if (source.diagnostics.length) continue;
    const value = source.value;
    const isTaskFile = Array.isArray(value);
    if (!isTaskFile && !(value && typeof value === 'object' && 'runbook' in value)) continue;
    isTaskFile ? taskFiles++ : runbooks++;
    const diagnostics = validateWithSchema(source, value, { schema: 'runbook', ...(isTaskFile ? { definition: 'task_file' } : {}) });
    assert.equal((isTaskFile ? taskFile : runbookCheck)(value), diagnostics.length === 0, file);
  }
  assert.ok(runbooks >= 10 && taskFiles >= 3, `${runbooks} runbooks, ${taskFiles} task files`);
  assert.deepEqual(BAD_RUNBOOKS.map((t) => runbookCheck(parseYamlText('r.yml', t).value)), BAD_RUNBOOKS.map(() => false));
});

test('the compiled plan checks refuse what ajv refuses', () => {
  for (const value of [{}, { format: 'runbook-saved-plan' }, [], null, 'x']) {
    assert.equal(savedPlan(value), false);
    assert.equal(plan(value), false);
    assert.notDeepEqual(validateJson('saved-plan', value), []);
    assert.notDeepEqual(validateJson('plan', value), []);
  }
});

test('the compiled releases data check accepts exactly the data ajv accepts', () => {
  const shipped = readFileSync(join(PROJECT_ROOT, 'runbooks/data/ipfs-cluster-releases.yml'), 'utf8');
  const texts = [shipped, shipped.replace(/consensus: \[crdt\]/, 'consensus: [paxos]'), shipped.replace(/takes: any/, 'takes: sometimes'),
    'ipfs_cluster_releases: { releases: [], runbooks: {} }\n'];
  const verdicts = texts.map((text) => {
    const source = parseYamlText('releases.yml', text);
    const diagnostics = validateWithSchema(source, source.value, { schema: 'ipfs-cluster-releases' });
    assert.equal(releases(source.value), diagnostics.length === 0, text.slice(0, 80));
    return releases(source.value);
  });
  assert.deepEqual(verdicts.slice(0, 3), [true, false, false]);
});
