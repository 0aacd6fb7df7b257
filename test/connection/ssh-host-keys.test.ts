import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConnectionError, sshConnection } from '../../engine/connection/index.js';
import { tempDir } from '../helpers/files.js';
import { sshOptions, startSshd, type SshTestHost } from '../helpers/sshd.js';

const sshd = await startSshd(1);
const host = sshd.hosts[0]!;
const dir = tempDir();
let count = 0;

/** The host's key fingerprint as OpenSSH's ssh-keygen prints it. */
function fingerprintOf(publicKey: string): string {
  const file = join(dir, `key${count += 1}.pub`);
  writeFileSync(file, `${publicKey}\n`);
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file], { encoding: 'utf8' }).split(' ')[1]!;
}

function knownHosts(text: string): string {
  const path = join(dir, `known_hosts${count += 1}`);
  writeFileSync(path, text);
  return path;
}

async function tryExec(target: SshTestHost, options: { knownHostsPath: string; acceptNewHostKeys?: boolean }): Promise<string> {
  const ssh = sshConnection(target.name, { ...sshOptions(target), ...options, retries: 0 });
  try {
    return (await ssh.exec({ kind: 'argv', argv: ['echo', 'in'] })).stdout;
  } finally {
    await ssh.close();
  }
}

test('an unknown host key is refused with its type, SHA256 fingerprint and how to accept it', async () => {
  const error: unknown = await tryExec(host, { knownHostsPath: knownHosts('') }).catch((e: unknown) => e);
  assert.ok(error instanceof ConnectionError);
  assert.ok(error.message.includes(`ED25519 key fingerprint is ${fingerprintOf(host.hostPublicKey)}`), error.message);
  assert.match(error.message, /--accept-new-host-keys/);
  assert.ok(error.message.includes(`ssh-keyscan -p ${host.port} ${host.address}`));
});

test('with acceptNewHostKeys an unknown key is recorded and later connections trust it', async () => {
  const path = join(dir, 'fresh', 'known_hosts');
  assert.equal(await tryExec(host, { knownHostsPath: path, acceptNewHostKeys: true }), 'in\n');
  assert.equal(readFileSync(path, 'utf8'), `[${host.address}]:${host.port} ${host.hostPublicKey}\n`);
  assert.equal(await tryExec(host, { knownHostsPath: path }), 'in\n');
});

test('a changed host key is refused loudly with both fingerprints, even with acceptNewHostKeys', async () => {
  const other = join(dir, 'other_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  const oldKey = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
  const path = knownHosts(`# comment\n[${host.address}]:${host.port} ${oldKey}\n`);
  const error: unknown = await tryExec(host, { knownHostsPath: path, acceptNewHostKeys: true }).catch((e: unknown) => e);
  assert.ok(error instanceof ConnectionError);
  assert.match(error.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
  assert.ok(error.message.includes(fingerprintOf(oldKey)) && error.message.includes(`${path}:2`));
  assert.ok(error.message.includes(fingerprintOf(host.hostPublicKey)));
  assert.equal(readFileSync(path, 'utf8').includes(host.hostPublicKey), false);
});

test('a hashed known_hosts entry (ssh-keygen -H) is accepted', async () => {
  const path = knownHosts(`[${host.address}]:${host.port} ${host.hostPublicKey}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', path], { stdio: 'ignore' });
  assert.match(readFileSync(path, 'utf8'), /^\|1\|/);
  assert.equal(await tryExec(host, { knownHostsPath: path }), 'in\n');
});

test('a key recorded for the address on another port does not vouch for this port', async () => {
  const path = knownHosts(`${host.address} ${host.hostPublicKey}\n[${host.address}]:1 ${host.hostPublicKey}\n`);
  await assert.rejects(tryExec(host, { knownHostsPath: path }), /is not known/);
});
