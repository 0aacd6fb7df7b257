import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decryptVault, VaultedValue, VaultFailure, VaultKeyring, type VaultSecret } from '../../engine/source/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

// made once with ansible-vault 2.14 (test/fixtures/vault/README.md)
const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'vault');
const groupVars = readFileSync(join(FIXTURES, 'inventory', 'group_vars', 'all.yml'), 'utf8');

/** The vault text of one `name: !vault |` block of the fixture, as YAML gives it. */
function vaultText(name: string): string {
  const block = new RegExp(`^${name}: !vault \\|\\n((?: {10}.*\\n)+)`, 'm').exec(groupVars)![1]!;
  return block.replace(/^ {10}/gm, '');
}

const secret = (label: string, password: string): VaultSecret => ({ label, password: Buffer.from(password) });
const DEFAULT = secret('default', 'fixture-vault-pass');
const OPS = secret('ops', 'fixture-ops-pass');

test('vault 1.1 text made by ansible-vault encrypt_string decrypts to its plaintext', () => {
  const { plaintext, label } = decryptVault(vaultText('db_password'), [DEFAULT]);
  assert.equal(plaintext.toString(), 'S3cretDbPass0001');
  assert.equal(label, 'default');
});

test('vault 1.2 text with a vault id decrypts with the password of that id, tried first', () => {
  const { plaintext, label } = decryptVault(vaultText('api_token'), [DEFAULT, OPS]);
  assert.equal(plaintext.toString(), 'OpsToken0002');
  assert.equal(label, 'ops');
});

test('a wholly encrypted file (ansible-vault encrypt) decrypts to its YAML text', () => {
  const text = readFileSync(join(FIXTURES, 'whole', 'group_vars', 'all.yml'), 'utf8');
  assert.equal(decryptVault(text, [DEFAULT]).plaintext.toString(), 'backup_key: BackupKey0003\nreplicas: 3\n');
});

test('a wrong password fails the HMAC check, naming the vault ids tried', () => {
  assert.throws(() => decryptVault(vaultText('api_token'), [DEFAULT]), (error: unknown) => error instanceof VaultFailure
    && error.reason === 'wrong-password' && /HMAC verification failed.*\(default\).*vault id: ops/.test(error.message));
});

test('a changed ciphertext fails the HMAC check, and broken hex is a format error', () => {
  const text = vaultText('db_password');
  const tampered = text.replace(/(\n[0-9a-f]{79})([0-9a-f])/, (_m, head: string, last: string) => head + (last === '0' ? '1' : '0'));
  assert.throws(() => decryptVault(tampered, [DEFAULT]), { reason: 'wrong-password' });
  assert.throws(() => decryptVault(text.replace(/\n6/, '\nz'), [DEFAULT]), { reason: 'format' });
});

test('no password given: the failure says so', () => {
  assert.throws(() => decryptVault(vaultText('db_password'), []), { reason: 'no-password' });
});

test('a vaulted value is decrypted only when revealed, and its plaintext is remembered for masking', () => {
  const keyring = new VaultKeyring();
  const value = new VaultedValue(vaultText('db_password'), keyring);
  assert.deepEqual(JSON.parse(JSON.stringify(value)), { __ansible_vault: vaultText('db_password') });
  assert.deepEqual(keyring.plaintexts(), []);
  keyring.use([DEFAULT]);
  assert.equal(String(value), 'S3cretDbPass0001');
  assert.deepEqual(keyring.plaintexts(), ['S3cretDbPass0001']);
  assert.deepEqual(Object.entries(value), []);
});

test('a vaulted value used without a password names the variable, where it is, and the fix', () => {
  const value = new VaultedValue(vaultText('db_password'), new VaultKeyring());
  value.locate({ file: 'group_vars/all.yml', line: 5, col: 1, name: 'db_password' });
  assert.throws(() => value.reveal(), (error: Error & { hint?: string; diagnostics?: { line: number }[] }) =>
    error.message === 'variable "db_password" is vault-encrypted and no vault password was given'
    && /--vault-password-file/.test(error.hint ?? '') && error.diagnostics?.[0]?.line === 5);
});
