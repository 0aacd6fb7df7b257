import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionError, sshConnection } from '../../engine/connection/index.js';
import { sshOptions, startSshd } from '../helpers/sshd.js';

const sshd = await startSshd(2, { names: ['bastion', 'peer'] });
const bastion = sshd.host('bastion');
const peer = sshd.host('peer');
const jump = { address: bastion.address, port: bastion.port, user: bastion.user };

test('a host is reached through a jump host', async () => {
  const ssh = sshConnection(peer.name, { ...sshOptions(peer), jump });
  const result = await ssh.exec({ kind: 'shell', script: 'echo "$HOME"' });
  await ssh.close();
  assert.equal(result.stdout, `${peer.home}\n`);
});

test('the connection through a jump host ends when the jump host goes down', async () => {
  const ssh = sshConnection(peer.name, { ...sshOptions(peer), jump, retries: 0 });
  await ssh.exec({ kind: 'argv', argv: ['true'] });
  await sshd.stop(bastion.name);
  await assert.rejects(ssh.exec({ kind: 'argv', argv: ['true'] }), (e: unknown) => e instanceof ConnectionError && /jump host/.test(e.message));
  await sshd.start(bastion.name);
  await ssh.close();
});

test('a jump host that cannot reach the target says so', async () => {
  const ssh = sshConnection(peer.name, { ...sshOptions(peer), port: 1, jump, retries: 0 });
  await assert.rejects(ssh.exec({ kind: 'argv', argv: ['true'] }), (e: unknown) => e instanceof ConnectionError && /the jump host .* cannot reach/.test(e.message));
});
