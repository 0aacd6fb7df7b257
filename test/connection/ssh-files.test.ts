import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../engine/core/index.js';
import { sshConnection } from '../../engine/connection/index.js';
import { sshOptions, startSshd } from '../helpers/sshd.js';

const sshd = await startSshd(1);
const host = sshd.hosts[0]!;
const ssh = sshConnection(host.name, sshOptions(host));
test.after(() => ssh.close());

test('put writes a 10 MB file byte for byte, creating its folders', async () => {
  const content = randomBytes(10 * 1024 * 1024);
  await ssh.put('deep/er/big.bin', content);
  assert.ok(readFileSync(join(host.home, 'deep/er/big.bin')).equals(content));
});

test('get reads a 10 MB file byte for byte', async () => {
  const content = randomBytes(10 * 1024 * 1024);
  writeFileSync(join(host.home, 'fetched.bin'), content);
  assert.ok((await ssh.get('fetched.bin')).equals(content));
});

test('put sets the mode it is given', async () => {
  await ssh.put('secret.txt', Buffer.from('s'), { mode: 0o600 });
  assert.equal(statSync(join(host.home, 'secret.txt')).mode & 0o777, 0o600);
});

test('put replaces an existing file and takes absolute paths', async () => {
  const path = join(host.home, 'abs', 'file.txt');
  await ssh.put(path, Buffer.from('first, longer content'));
  await ssh.put(path, Buffer.from('second'));
  assert.equal(readFileSync(path, 'utf8'), 'second');
});

test('get of a missing file fails with the host and path, not as a broken connection', async () => {
  await assert.rejects(ssh.get('no/such/file'), (error: unknown) => error instanceof EngineError && /host1: cannot read no\/such\/file: No such file/.test(error.message));
});

test('files and commands share the one connection', async () => {
  await ssh.put('shared.txt', Buffer.from('via sftp'));
  assert.equal((await ssh.exec({ kind: 'argv', argv: ['cat', 'shared.txt'] })).stdout, 'via sftp');
});
