import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkParams } from '../../../engine/cli/extra-vars.js';
import { loadRunbook, type Runbook } from '../../../engine/runbook/index.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { tempDir, writeFiles } from '../../helpers/files.js';
import { runOnLocalHosts } from '../../helpers/run.js';
import { eventsOf, rb, read, run, type KeyTable } from './helpers.js';

/** Runs `runbook ARGS` on a runbook over two local hosts h1, h2; returns the result and the folder. */
function cli(runbookYaml: string, ...args: string[]): CliResult & { dir: string } {
  const dir = tempDir();
  const inventory = `all:\n  vars: { ansible_connection: local }\n  hosts:\n${['h1', 'h2'].map((h) => `    ${h}: { runbook_home: ${join(dir, h)} }\n`).join('')}`;
  writeFiles(dir, { 'rb.yml': runbookYaml, 'inventory.yml': inventory });
  for (const h of ['h1', 'h2']) mkdirSync(join(dir, h));
  return { ...runCli([...args, 'rb.yml', '-i', 'inventory.yml'], { cwd: dir, env: { NO_COLOR: '1' } }), dir };
}

/** A runbook with these params, loaded. */
function withParams(params: string): Runbook {
  const dir = writeFiles(tempDir(), { 'rb.yml': `runbook: t\nhosts: all\nparams:\n${params}steps:\n  - command: ["true"]\n` });
  return loadRunbook(join(dir, 'rb.yml'));
}

/** The runbook's top-level keys and the keys of a param. */
export const RUNBOOK_KEYS: KeyTable = {
  'runbook.runbook': async () => {
    const r = await runOnLocalHosts('runbook: named-here\nhosts: all\nsteps:\n  - command: ["true"]\n', { hosts: 1 });
    assert.equal(eventsOf(r, 'run-start')[0]?.runbook, 'named-here');
  },
  'runbook.description': async () => {
    const r = cli(`${rb('  - command: ["true"]\n')}description: Moves the cluster along.\n`, 'plan', '--format', 'markdown');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Moves the cluster along\./);
  },
  'runbook.hosts': async () => {
    const r = cli('runbook: t\nhosts: h2\nsteps:\n  - command: [touch, ran]\n', 'exec');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(['h1', 'h2'].map((h) => existsSync(join(r.dir, h, 'ran'))), [false, true]);
  },
  'runbook.params': async () => {
    assert.deepEqual(checkParams(withParams('  n: { type: int }\n'), { n: '5' }).extraVars, { n: 5 });
  },
  'runbook.vars': async () => {
    const r = await run('  - shell: "echo {{ v }} > out"\n', { top: 'vars: { v: from-runbook }\n' });
    assert.equal(read(r, 'out'), 'from-runbook\n');
  },
  'runbook.vars_files': async () => {
    const dir = writeFiles(tempDir(), { 'more.yml': 'v: from-file\nw: 2\n' });
    const r = cli(`${rb('  - shell: "echo {{ v }} {{ w }} > out"\n')}vars: { v: from-vars, w: 1 }\nvars_files: [${join(dir, 'more.yml')}]\n`, 'exec');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(r.dir, 'h1', 'out'), 'utf8'), 'from-file 2\n');
  },
  'runbook.facts': async () => {
    const step = '  - shell: "echo {{ facts.system is defined }} > out"\n';
    const [some, none] = [await run(step, { top: 'facts: [system]\n' }), await run(step, { top: 'facts: []\n' })];
    assert.deepEqual([read(some, 'out'), read(none, 'out')], ['True\n', 'False\n']);
  },
  'runbook.summary': async () => {
    const r = await run('  - command: ["true"]\n', { top: 'summary: { where: "{{ inventory_hostname }} here" }\n' });
    assert.deepEqual(eventsOf(r, 'host-summary').map((e) => e.values), [{ where: 'h1 here' }]);
  },
  'runbook.forks': async () => {
    // with one fork the hosts never hold the shared lock at the same time
    const lock = join(tempDir(), 'lock');
    const r = cli(`${rb(`  - shell: "mkdir ${lock} && sleep 0.3 && rmdir ${lock}"\n`)}forks: 1\n`, 'exec');
    assert.equal(r.status, 0, r.stdout + r.stderr);
  },
  'runbook.steps': async () => {
    const r = await run('  - command: [touch, ran]\n');
    assert.equal(read(r, 'ran'), '');
  },
  'runbook.rollback': async () => {
    const r = await run('  - command: ["false"]\n', { top: 'rollback:\n  - command: [touch, undone]\n' });
    assert.equal(read(r, 'undone'), '');
  },
  'param.type': async () => {
    assert.throws(() => checkParams(withParams('  n: { type: int }\n'), { n: 'five' }), /five/);
  },
  'param.required': async () => {
    assert.throws(() => checkParams(withParams('  n: { type: int, required: true }\n'), {}), /missing parameter n/);
  },
  'param.default': async () => {
    assert.deepEqual(checkParams(withParams('  n: { type: int, default: 7 }\n'), {}).defaults, { n: 7 });
  },
  'param.description': async () => {
    assert.throws(() => checkParams(withParams('  n: { type: int, required: true, description: how many peers }\n'), {}), /how many peers/);
  },
  'param.secret': async () => {
    // a name that does not look secret: only `secret: true` makes its value masked
    const yaml = 'runbook: t\nhosts: all\nparams:\n  word: { type: string, secret: true }\nsteps:\n  - command: [sh, -c, "echo {{ word }} > seen"]\n';
    const r = await runOnLocalHosts(yaml, { hosts: 1, extraVars: { word: 'opensesame42' } });
    assert.equal(JSON.stringify(r.events).includes('opensesame42'), false);
    assert.equal(read(r, 'seen'), 'opensesame42\n');
  },
  'param.choices': async () => {
    const runbook = withParams('  n: { type: int, choices: [1, 2] }\n');
    assert.throws(() => checkParams(runbook, { n: '3' }), /must be one of 1, 2/);
    assert.deepEqual(checkParams(runbook, { n: '2' }).extraVars, { n: 2 });
  },
};
