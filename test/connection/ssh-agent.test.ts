import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sshConnection } from '../../engine/connection/index.js';
import { tempDir } from '../helpers/files.js';
import { startSshd } from '../helpers/sshd.js';

const sshd = await startSshd(1);
const host = sshd.hosts[0]!;

test('a host is reached with a key held by ssh-agent (SSH_AUTH_SOCK), without a key file', async () => {
  const socket = join(tempDir(), 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  try {
    while (!existsSync(socket)) await sleep(20);
    execFileSync('ssh-add', ['-q', host.privateKeyPath], { env: { SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    const ssh = sshConnection(host.name, { address: host.address, port: host.port, user: host.user, agent: socket, knownHostsPath: host.knownHostsPath });
    const result = await ssh.exec({ kind: 'argv', argv: ['echo', 'via agent'] });
    await ssh.close();
    assert.equal(result.stdout, 'via agent\n');
  } finally {
    agent.kill();
  }
});
