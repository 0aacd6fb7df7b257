import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionError, parseJumpHost, sshConnection } from '../../engine/connection/index.js';
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

test('jump hosts are read from runbook_jump_host and from ProxyJump in ansible_ssh_common_args', () => {
  const cases: [string, 'jump-host' | 'ssh-common-args', unknown][] = [
    ['admin@bastion.example.org:2222', 'jump-host', { address: 'bastion.example.org', port: 2222, user: 'admin' }],
    ['bastion', 'jump-host', { address: 'bastion' }],
    ['-o ProxyJump=ops@10.0.0.5:22', 'ssh-common-args', { address: '10.0.0.5', port: 22, user: 'ops' }],
    ['-o StrictHostKeyChecking=no -oProxyJump=b1', 'ssh-common-args', { address: 'b1' }],
    ['-o "ProxyJump ops@[fe80::1]:22"', 'ssh-common-args', { address: 'fe80::1', port: 22, user: 'ops' }],
    ['-J ops@b2', 'ssh-common-args', { address: 'b2', user: 'ops' }],
    ['-o ServerAliveInterval=5', 'ssh-common-args', undefined],
  ];
  for (const [value, from, expected] of cases) assert.deepEqual(parseJumpHost(value, from), expected, value);
  assert.throws(() => parseJumpHost('a,b'), /chain of jump hosts/);
});
