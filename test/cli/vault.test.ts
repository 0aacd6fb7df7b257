import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

// made once with ansible-vault and ansible-inventory 2.14 (test/fixtures/vault/README.md)
const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'vault');
const expected = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const inventory = (...args: string[]) => runCli(['inventory', ...args], { cwd: FIXTURES, env: { NO_COLOR: '1' } });
const BOTH_PASSWORDS = ['--vault-password-file', 'password.txt', '--vault-id', 'ops@ops-password.txt'];

test('inventory --list shows vaulted values as ansible-inventory does, without a password', () => {
  const result = inventory('-i', 'inventory/hosts.yml', '--list');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, expected('inventory-list.json'));
});

test('inventory --list with the passwords still shows the ciphertext, as ansible-inventory does', () => {
  const result = inventory('-i', 'inventory/hosts.yml', '--list', ...BOTH_PASSWORDS);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, expected('inventory-list.json'));
  assert.doesNotMatch(result.stdout, /S3cretDbPass0001|OpsToken0002/);
});

test('inventory --graph --vars decrypts 1.1 and 1.2 values as ansible-inventory does', () => {
  const result = inventory('-i', 'inventory/hosts.yml', '--graph', '--vars', ...BOTH_PASSWORDS);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, expected('inventory-graph-vars.txt'));
});

test('a vaulted value used without a password fails with the variable, file:line:col and the fix', () => {
  const result = inventory('-i', 'inventory/hosts.yml', '--graph', '--vars');
  assert.equal(result.status, 4);
  assert.match(result.stderr, /inventory\/group_vars\/all\.yml:11:1: error\[vault\]: variable "api_token" is vault-encrypted and no vault password was given/);
  assert.match(result.stderr, /hint: give the vault password: --vault-password-file FILE/);
});

test('a wrong password is a clear error (HMAC), not a stack trace', () => {
  const result = inventory('-i', 'inventory/hosts.yml', '--graph', '--vars', '--vault-password-file', 'ops-password.txt');
  assert.equal(result.status, 4);
  assert.match(result.stderr, /cannot decrypt variable "\w+": HMAC verification failed/);
  assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/);
});

test('a wholly encrypted vars file loads with a password script, and without a password names the file', () => {
  const opened = inventory('-i', 'whole/hosts.yml', '--list', '--vault-password-file', 'password-script.sh');
  assert.equal(opened.status, 0, opened.stderr);
  assert.equal(opened.stdout, expected('whole-list.json'));
  const closed = inventory('-i', 'whole/hosts.yml', '--list');
  assert.equal(closed.status, 4);
  assert.match(closed.stderr, /whole\/group_vars\/all\.yml:1:1: error\[vault\]: this file is vault-encrypted and no vault password was given/);
});

test('ANSIBLE_VAULT_PASSWORD_FILE gives the password as --vault-password-file does', () => {
  const result = runCli(['inventory', '-i', 'whole/hosts.yml', '--list'], { cwd: FIXTURES, env: { ANSIBLE_VAULT_PASSWORD_FILE: 'password.txt' } });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, expected('whole-list.json'));
});
