import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sshConnection } from '../../engine/connection/index.js';
import { sshOptions, startSshd } from '../helpers/sshd.js';

const sshd = await startSshd(1);
const host = sshd.hosts[0]!;
const ssh = sshConnection(host.name, sshOptions(host));
test.after(() => ssh.close());
const hasSudo = (await ssh.exec({ kind: 'shell', script: 'command -v sudo' })).exitCode === 0;

// The test hosts log in as root, for whom sudo never asks a password; without sudo the failure must be clear.
test(hasSudo ? 'become runs the command as the given user through sudo -n' : 'become on a host without sudo fails with exit 127 and says sudo is missing', async () => {
  const result = await ssh.exec({ kind: 'argv', argv: ['id', '-un'] }, { become: 'nobody', timeoutMs: 10_000 });
  if (hasSudo) {
    assert.deepEqual([result.exitCode, result.stdout], [0, 'nobody\n']);
  } else {
    assert.equal(result.exitCode, 127);
    assert.match(result.stderr, /become needs sudo on host1/);
  }
});

test('become keeps env and cwd for the command', async () => {
  const result = await ssh.exec({ kind: 'shell', script: 'echo "$X $(pwd)"' }, { become: 'root', env: { X: 'kept' }, cwd: '/tmp' });
  if (hasSudo) assert.equal(result.stdout, 'kept /tmp\n');
  else assert.equal(result.exitCode, 127);
});
