import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BLOCK_KEYS, EVALUATING_MODULES, HOSTLESS_MODULES, TASK_KEYS, checkRunbookFile } from '../../engine/runbook/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { BLOCK_KEYS_TABLE } from './schema-keys/block-keys.js';
import { COMMAND_KEYS } from './schema-keys/command-keys.js';
import { FILE_KEYS } from './schema-keys/file-keys.js';
import { HTTP_KEYS } from './schema-keys/http-keys.js';
import { OTHER_KEYS } from './schema-keys/other-keys.js';
import { RUNBOOK_KEYS } from './schema-keys/runbook-keys.js';
import { becomeOnFiles, TASK_KEYS_TABLE } from './schema-keys/task-keys.js';

interface Schema {
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly $defs?: Readonly<Record<string, Schema>>;
  readonly $ref?: string;
  readonly if?: Schema;
  readonly then?: Schema;
  readonly else?: Schema;
  readonly type?: string;
  readonly enum?: readonly unknown[];
}

const SCHEMA = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/runbook.schema.json'), 'utf8')) as Schema;
const defs = SCHEMA.$defs ?? {};
const resolve = (s: Schema): Schema => (s.$ref ? resolve(defs[s.$ref.replace('#/$defs/', '')] ?? {}) : s);

/** The types a value may take in a def written as if/then/else on the type: `array`, `string`… */
function typesOf(s: Schema): string[] {
  const r = resolve(s);
  if (r.if?.type) return [r.if.type, ...(r.else ? typesOf(r.else) : [])];
  return r.type ? [r.type] : [];
}

/** `key`, plus `key@template` for a flag and `key=value` for each value of an enum. */
function keyAndForms(key: string, s: Schema): string[] {
  const r = resolve(s);
  return [key, ...(s.$ref === '#/$defs/flag' ? [`${key}@template`] : []), ...(r.enum ?? []).map((v) => `${key}=${String(v)}`)];
}

/**
 * Every key the schema accepts, named by where it is written: `runbook.*`, `param.*`, `task.*`,
 * `block.*`, `include.*` (the step keys by the kind of step the engine allows them on),
 * `module.<name>.*` (a module's arguments, `@type` for its other forms), `check_mode.*`.
 */
function schemaKeys(): string[] {
  const step = defs.step?.properties ?? {};
  const modules = Object.keys(step).filter((k) => step[k]?.$ref?.startsWith('#/$defs/module_'));
  const own = new Set<string>([...modules, 'steps', 'include', ...TASK_KEYS, ...BLOCK_KEYS]);
  const common = Object.keys(step).filter((k) => !own.has(k));
  const kinds = { task: [...common, ...TASK_KEYS, ...modules], block: [...common, ...BLOCK_KEYS, 'steps'], include: [...common, 'include'] };
  const keys = [
    ...Object.keys(SCHEMA.properties ?? {}).map((k) => `runbook.${k}`),
    ...Object.keys(defs.param?.properties ?? {}).map((k) => `param.${k}`),
    ...Object.entries(kinds).flatMap(([kind, names]) => names.flatMap((k) => (modules.includes(k) ? [`${kind}.${k}`] : keyAndForms(`${kind}.${k}`, step[k] ?? {})))),
  ];
  for (const module of modules) {
    const def = resolve(step[module]!);
    const object = def.if?.type === 'object' ? def.then : def;
    keys.push(...Object.entries(object?.properties ?? {}).flatMap(([k, s]) => keyAndForms(`module.${module}.${k}`, s)));
    if (def.if?.type === 'object' && def.else) keys.push(...typesOf(def.else).map((t) => `module.${module}@${t}`));
    keys.push(...(def.enum ?? []).map((v) => `module.${module}=${String(v)}`));
  }
  const checkMode = resolve(defs.check_mode ?? {});
  keys.push(...(checkMode.then?.enum ?? []).map((v) => `check_mode.${String(v)}`));
  keys.push(...Object.keys(checkMode.else?.properties?.assume?.properties ?? {}).map((k) => `check_mode.assume.${k}`));
  return keys;
}

const TABLE = { ...RUNBOOK_KEYS, ...TASK_KEYS_TABLE, ...BLOCK_KEYS_TABLE, ...COMMAND_KEYS, ...FILE_KEYS, ...OTHER_KEYS, ...HTTP_KEYS };

test('every key the schema accepts has a behaviour test in the table', () => {
  const missing = schemaKeys().filter((key) => !(key in TABLE));
  assert.deepEqual(missing, [], 'each key the schema accepts needs a row in test/runbook/schema-keys/ proving the engine acts on it');
});

test('the table has no row for a key the schema no longer accepts', () => {
  const keys = new Set(schemaKeys());
  assert.deepEqual(Object.keys(TABLE).filter((key) => !keys.has(key)), []);
});

/** A schema-valid value of each task-only and block-only key, to write it where it does not belong. */
const SAMPLE: Readonly<Record<string, string>> = {
  register: 'r', retries: '1', until: 'x', delay: '1', timeout: '1', changed_when: 'x', failed_when: 'x', ignore_errors: 'true',
  run_once: 'true', delegate_to: 'h', become: 'true', become_user: 'u', no_log: 'true', rollback: '{ command: [x] }', check_mode: 'run',
  serial: '1', parallel: 'true', max_fail_percentage: '1', any_errors_fatal: 'true', gate: '{ command: [x] }', approve: 'true',
  rollback_scope: 'all', rescue: '[{ command: [x] }]', always: '[{ command: [x] }]',
};

test('a task key on a block or an include, or a block key on a task, is refused by validate', () => {
  const dir = writeFiles(tempDir(), { 'inc.yml': '- command: [x]\n' });
  const cases = [
    ...TASK_KEYS.flatMap((k) => [[k, `  - name: b\n    steps: [{ command: [x] }]\n    ${k}: ${SAMPLE[k]}\n`], [k, `  - name: i\n    include: inc.yml\n    ${k}: ${SAMPLE[k]}\n`]]),
    ...BLOCK_KEYS.map((k) => [k, `  - command: [x]\n    ${k}: ${SAMPLE[k]}\n`]),
  ];
  const unrefused = cases.filter(([key, steps], i) => {
    writeFiles(dir, { [`rb${i}.yml`]: `runbook: t\nhosts: all\nsteps:\n${steps}` });
    return !checkRunbookFile(join(dir, `rb${i}.yml`)).some((d) => d.code === 'step-kind' && d.path.endsWith(`/${key}`));
  });
  assert.deepEqual(unrefused.map(([key]) => key), []);
});


test('gate, approve and max_fail_percentage on a block without serial are refused: they act between batches', () => {
  const dir = tempDir();
  const refused = ['gate: { command: [x] }', 'approve: true', 'max_fail_percentage: 10'].map((keyValue, i) => {
    writeFiles(dir, { [`rb${i}.yml`]: `runbook: t\nhosts: all\nsteps:\n  - name: b\n    ${keyValue}\n    steps: [{ command: [x] }]\n` });
    return checkRunbookFile(join(dir, `rb${i}.yml`)).map((d) => `${d.code} ${d.message}`);
  });
  assert.deepEqual(refused, ['gate', 'approve', 'max_fail_percentage'].map((key) => [`step-kind "${key}" applies to rolling blocks (with serial): it acts between batches`]));
});

test('retries or delay without until, check_mode on a module that only evaluates, become on one that touches no host, are refused', () => {
  const dir = tempDir();
  const steps = ['- { command: [x], retries: 3 }', '- { command: [x], delay: 1 }', ...EVALUATING_MODULES.map((m) => `- { ${m}: ${SAMPLE_ARGS[m]}, check_mode: skip }`),
    ...HOSTLESS_MODULES.map((m) => `- { ${m}: ${SAMPLE_ARGS[m]}, become: true }`)];
  const refused = steps.map((step, i) => {
    writeFiles(dir, { [`rb${i}.yml`]: `runbook: t\nhosts: all\nsteps:\n  ${step}\n` });
    return checkRunbookFile(join(dir, `rb${i}.yml`)).filter((d) => d.code === 'step-kind').map((d) => d.path.split('/').at(-1));
  });
  assert.deepEqual(refused, [['retries'], ['delay'], ...EVALUATING_MODULES.map(() => ['check_mode']), ...HOSTLESS_MODULES.map(() => ['become'])]);
});

test('wait_for keys that would be ignored together are refused: one of port, path, command; host with port; until with command', () => {
  const dir = tempDir();
  const args = ['port: 1, path: x', 'path: x, command: [x]', 'host: a, path: x', 'until: rc == 0, path: x', 'command: [x], state: absent'];
  const refused = args.map((a, i) => {
    writeFiles(dir, { [`rb${i}.yml`]: `runbook: t\nhosts: all\nsteps:\n  - wait_for: { ${a} }\n` });
    return checkRunbookFile(join(dir, `rb${i}.yml`)).map((d) => d.message);
  });
  assert.deepEqual(refused, [
    ['steps[0].wait_for.path is not allowed here'], ['steps[0].wait_for.command is not allowed here'],
    ['steps[0].wait_for is missing the required key "port"'], ['steps[0].wait_for is missing the required key "command"'],
    ['steps[0].wait_for.state is not allowed here'],
  ]);
});

test('become reaches the files copy, fetch and wait_for read and write: they work as the become user', becomeOnFiles);

/** Valid arguments of the modules that touch no host. */
const SAMPLE_ARGS: Readonly<Record<string, string>> = {
  assert: '{ that: x }', fail: '{}', meta: 'end_host', set_fact: '{ x: 1 }', http: '{ url: "http://h/" }', pause: '{ seconds: 1 }', confirm: '{}',
};

describe('each key the schema accepts is honoured', { concurrency: 4 }, () => {
  for (const [key, check] of Object.entries(TABLE)) test(key, check);
});
