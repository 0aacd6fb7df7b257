import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { recordedRun, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

// one secret per channel; each must be absent from every output and file of a run
const SECRETS = {
  templated: 'VAULTDBVALUE0001', quoted: 'SECRETQ0001', extra: 'EXTRATOKEN0001', become: 'BECOMEPASS0001', sshPass: 'SSHPASS0001',
  registered: 'REGTOKEN0001', param: 'PARAMSECRET0001', derived: 'paramsecret0001', noLog: 'NOLOGVALUE0001', lowered: 'plainsecret0001',
  json: 'JSONPW\\"0001',
};
const dir = tempDir();
mkdirSync(join(dir, 'h1'));
writeFiles(dir, {
  'inv.yml': `all:\n  vars: { ansible_connection: local, ansible_become_pass: ${SECRETS.become}, ansible_ssh_pass: ${SECRETS.sshPass} }\n`
    + `  hosts:\n    h1: { runbook_home: ${join(dir, 'h1')} }\n`,
  's.yml': `runbook: s
hosts: all
params:
  db_conn: { type: string, secret: true }
vars:
  vault_db: ${SECRETS.templated}
  db_password: "{{ vault_db }}"
  admin_password: "it's a ${SECRETS.quoted}"
  admin_token: ""
  conn_lower: "{{ db_conn | lower }}"
  plain_secret: PLAINSECRET0001
  json_password: 'JSONPW"0001'
steps:
  - { name: templated, command: "echo T={{ db_password }}" }
  - { name: quoted, command: "echo Q={{ admin_password | quote }}" }
  - { name: extra, command: [echo, "E={{ admin_token }}"] }
  - { name: become, command: [echo, "{{ ansible_become_pass }} {{ ansible_ssh_pass }}"] }
  - { name: token, shell: "printf REG; printf TOKEN0001", register: api_token, check_mode: run }
  - { name: use token, command: [echo, "R={{ api_token.stdout }}"] }
  - { name: param, command: [echo, "P={{ db_conn }} {{ conn_lower }}"] }
  - { name: hidden, shell: "printf NOLOG; printf VALUE0001", register: hidden, no_log: true, check_mode: run }
  - { name: use hidden, command: [echo, "H={{ hidden.stdout }}"] }
  - { name: lowered, command: [echo, "{{ plain_secret | lower }}"] }
  - { name: json, command: [echo, "{{ {'p': json_password} | to_json }}"] }
  - { name: fail, shell: "echo {{ db_password }} >&2; exit 1" }
`,
});
const run = (...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });
const E = ['-e', `admin_token=${SECRETS.extra}`, '-e', `db_conn=${SECRETS.param}`];

function assertNoSecret(where: string, text: string): void {
  for (const [channel, value] of Object.entries(SECRETS)) assert.equal(text.includes(value), false, `${channel} secret in ${where}`);
}
const both = (r: CliResult) => r.stdout + r.stderr;

test('plans in text, markdown and JSON, and plan -o, show no secret of any channel', () => {
  for (const format of ['text', 'markdown', 'json']) {
    const result = run('plan', 's.yml', '-i', 'inv.yml', ...E, '--format', format, '-o', `plan-${format}.json`);
    assert.equal(result.status, 0, result.stderr);
    assertNoSecret(`plan --format ${format}`, both(result));
    assertNoSecret('plan.json', readFileSync(join(dir, `plan-${format}.json`), 'utf8'));
  }
  assert.match(run('plan', 's.yml', '-i', 'inv.yml', ...E, '--format', 'markdown').stdout, /admin_token.*\*{8}/);
});

// what resume needs (the -e values and the registered results a run started with) is kept in these,
// readable by the run's owner only; every other file and output holds no secret
const KEPT_FOR_RESUME = new Set(['run.json', 'registered.json']);

test('exec (plain and JSON), its journal, facts.json and show hold no secret of any channel; what resume keeps is the owner\'s only', () => {
  const outputs = ['plain', 'json'].map((output) => run('exec', 's.yml', '-i', 'inv.yml', ...E, '--output', output));
  for (const result of outputs) assert.equal(result.status, 2, result.stderr);
  outputs.forEach((result, i) => assertNoSecret(`exec output ${i}`, both(result)));
  assert.match(outputs[1]!.stdout, /"description":"echo T=\*{8}"/);
  assert.match(outputs[1]!.stdout, /"description":"echo R=\*{8}"/);
  assert.match(outputs[0]!.stdout, /exit code 1: \*{8}/);
  for (const id of readdirSync(join(dir, '.runbook', 'runs'))) {
    for (const file of readdirSync(join(dir, '.runbook', 'runs', id))) {
      const path = join(dir, '.runbook', 'runs', id, file);
      if (KEPT_FOR_RESUME.has(file)) assert.equal(statSync(path).mode & 0o077, 0, `${id}/${file} is readable by others`);
      else assertNoSecret(`${id}/${file}`, readFileSync(path, 'utf8'));
    }
    assertNoSecret(`show ${id}`, both(run('show', id)));
  }
});

test('exec --plan takes the masked -e secrets again, and refuses without them', () => {
  run('plan', 's.yml', '-i', 'inv.yml', ...E, '-o', 'again.json');
  const refused = run('exec', '--plan', 'again.json');
  assert.equal(refused.status, 5);
  assert.match(refused.stderr, /keeps the secret -e values of admin_token, db_conn masked/);
  const ran = run('exec', '--plan', 'again.json', ...E, '--output', 'plain');
  assert.equal(ran.status, 2, ran.stderr);
  assert.doesNotMatch(ran.stderr, /out of date/);
  assertNoSecret('exec --plan', both(ran));
});

test('diagnostics found before the run mask secret values, and a no_log step hides its error', () => {
  const step = (noLog: boolean) => `runbook: d\nhosts: all\nvars: { db_password: DRYRUNSECRET0001 }\nsteps:\n`
    + `  - { name: s, copy: { content: "{{ (db_password | from_json).x }}", dest: x }, no_log: ${noLog} }\n`;
  writeFiles(dir, { 'shown.yml': step(false), 'hidden.yml': step(true) });
  for (const [args, status] of [[['plan', '--format', 'json'], 4], [['plan'], 4], [['exec'], 4]] as const) {
    for (const file of ['shown.yml', 'hidden.yml']) {
      const result = run(args[0], file, '-i', 'inv.yml', ...args.slice(1));
      assert.equal(result.status, status, result.stderr);
      assert.equal(both(result).includes('DRYRUNSECRET0001'), false, result.stderr);
      assert.match(result.stderr, file === 'shown.yml' ? /"\*{8}" is not valid JSON/ : /hidden because 'no_log: true' was set/);
    }
  }
});

test('exec --resume restores the -e secrets the run started with, and shows none of them', () => {
  const id = recordedRun(dir, () => run('exec', 's.yml', '-i', 'inv.yml', ...E, '--output', 'plain'));
  const resumed = run('exec', '--resume', id, '--output', 'json');
  assert.equal(resumed.status, 2, resumed.stderr);
  assert.match(resumed.stdout, /exit code 1: \*{8}/);
  assertNoSecret('exec --resume', both(resumed));
});

test('validate quotes the source line of a mistake with the values of secret-looking keys masked', () => {
  writeFiles(dir, { 'v.yml': 'runbook: v\nhosts: all\nsteps:\n  - { name: x, comand: [echo], db_token: SECRETLINE0001 }\n' });
  const result = run('validate', 'v.yml');
  assert.equal(result.status, 4);
  assert.match(result.stderr, /db_token: \*{8} \}/);
  assert.equal(result.stderr.includes('SECRETLINE0001'), false, result.stderr);
});
