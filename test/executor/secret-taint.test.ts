import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { localConnection } from '../../engine/connection/index.js';
import { executeRun, maskSecretAssignments, redactor, SecretRegistry } from '../../engine/executor/index.js';
import { loadInventory } from '../../engine/inventory/index.js';
import { loadRunbook } from '../../engine/runbook/index.js';
import { createScope, renderValue } from '../../engine/template/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

test('Ansible\'s password variables and api keys are secret names; words that only contain "pass" are not', () => {
  const registry = new SecretRegistry();
  for (const name of ['ansible_become_pass', 'ansible_ssh_pass', 'ansible_password', 'db_pass', 'api_key', 'apikey', 'aws_credentials', 'passwd', 'ssh_passphrase']) {
    assert.equal(registry.isSecretName(name), true, name);
  }
  for (const name of ['bypass', 'passenger', 'compass_dir', 'peername']) assert.equal(registry.isSecretName(name), false, name);
});

test('a secret is masked in its shell-quoted, JSON-escaped, Python-escaped and URL-encoded forms', () => {
  const registry = new SecretRegistry({ values: ['it\'s a "pw"/1'] });
  const mask = redactor(registry);
  const shown = ['echo \'Q=it\'"\'"\'s a "pw"/1\'', JSON.stringify({ p: 'it\'s a "pw"/1' }), 'it\\\'s a "pw"/1', `u=${encodeURIComponent('it\'s a "pw"/1')}`];
  assert.deepEqual(mask(shown), ['echo \'Q=********\'', '{"p":"********"}', '********', 'u=********']);
});

test('a templated variable that reads a secret is secret, through a chain and after it was cached', () => {
  const registry = new SecretRegistry();
  const scope = createScope([{ kind: 'templated', vars: { vault_db: 'VAULTED-1', db_password: '{{ vault_db }}', url: 'pg://u:{{ db_password | lower }}@db', other: 'x{{ url }}' } }], registry);
  const at = { file: 'rb.yml', path: [] };
  assert.equal(renderValue('{{ url }}', scope, at), 'pg://u:vaulted-1@db');
  assert.equal(renderValue('{{ other }}', scope, at), 'xpg://u:vaulted-1@db');
  // vault_db's name is not secret: it is db_password's reading it that makes its value secret
  assert.deepEqual(redactor(registry)(['VAULTED-1', 'pg://u:vaulted-1@db', 'xpg://u:vaulted-1@db']), ['********', '********', '********']);
});

test('values given as secret from the start (the !vault hook) are masked, and so is what is rendered from them', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'h1'));
  writeFiles(dir, { 'inv.yml': `all:\n  hosts:\n    h1: { ansible_connection: local, db: VAULTVALUE-7 }\n`,
    'rb.yml': 'runbook: v\nhosts: all\nvars: { shout: "{{ db | lower }}!" }\nsteps:\n  - command: [echo, "{{ db }} {{ shout }}"]\n' });
  const events: unknown[] = [];
  await executeRun({ runbook: loadRunbook(join(dir, 'rb.yml')), inventory: loadInventory([join(dir, 'inv.yml')]), hosts: ['h1'], extraVars: {},
    runId: 'v', runDir: join(dir, 'run'), options: { mode: 'run', forks: 1, noRollback: false, tags: [], skipTags: [], startAtStep: undefined },
    connect: (host) => localConnection(host, { home: join(dir, host) }), prompter: { canAsk: false, assumeYes: false, ask: async () => '' },
    emit: (event) => events.push(event), secrets: { values: ['VAULTVALUE-7'], names: ['db'] } });
  const text = JSON.stringify(events);
  assert.equal(/VAULTVALUE-7|vaultvalue-7/i.test(text), false, text);
  assert.match(text, /"description":"echo '\*{8} \*{8}'"/);
});

test('a quoted source line keeps its text but the values of secret-looking keys', () => {
  const cases: [string, string][] = [
    ['  db_password: hunter22', '  db_password: ********'],
    ['vars: { api_token: "a b", port: 9094, ansible_become_pass: \'x\' }', 'vars: { api_token: ********, port: 9094, ansible_become_pass: ******** }'],
    ['  - { name: x, comand: [echo], db_token: SECRETLINE0001 }', '  - { name: x, comand: [echo], db_token: ******** }'],
    ['  db_password: "{{ vault_db }}"  # from the vault', '  db_password: "{{ vault_db }}"  # from the vault'],
    ['  peername: p1', '  peername: p1'],
  ];
  for (const [line, expected] of cases) assert.equal(maskSecretAssignments(line), expected, line);
});

test('a value secret as written (isSecretValue: the !vault hook) makes its variable, and what reads it, secret', () => {
  class Sealed { constructor(readonly text: string) {} }
  const registry = new SecretRegistry({ isSecretValue: (raw) => raw instanceof Sealed });
  const scope = createScope([{ kind: 'templated', vars: { vault_db: new Sealed('SEALED-PW-9'), db: '{{ vault_db.text }}', lowered: '{{ db | lower }}' } }], registry);
  assert.equal(renderValue('{{ lowered }}', scope, { file: 'rb.yml', path: [] }), 'sealed-pw-9');
  assert.deepEqual(redactor(registry)(['SEALED-PW-9', 'sealed-pw-9']), ['********', '********']);
});
