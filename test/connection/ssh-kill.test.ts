import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError, sshConnection } from '../../engine/connection/index.js';
import { sshOptions, startSshd } from '../helpers/sshd.js';

const sshd = await startSshd(1);
const host = sshd.hosts[0]!;
const ssh = sshConnection(host.name, sshOptions(host));
test.after(() => ssh.close());
// Generous: a `sleep 100` that was not killed would take 100 s.
const KILLED_WITHIN_MS = 15_000;

test('a command past its timeout is killed on the host and marked timedOut', async () => {
  const started = Date.now();
  const result = await ssh.exec({ kind: 'argv', argv: ['sleep', '100'] }, { timeoutMs: 300 });
  assert.ok(Date.now() - started < KILLED_WITHIN_MS);
  assert.deepEqual([result.exitCode, result.signal, result.timedOut], [null, 'SIGTERM', true]);
});

test('a timeout kills the remote process group: a background sleep 100 is gone too', async () => {
  const script = 'sleep 100 >/dev/null 2>&1 & echo $! > bg.pid; sleep 100';
  const result = await ssh.exec({ kind: 'shell', script }, { timeoutMs: 500 });
  assert.equal(result.timedOut, true);
  const pid = Number(readFileSync(join(host.home, 'bg.pid'), 'utf8'));
  assert.equal(await isGoneSoon(pid), true, `remote sleep ${pid} still runs`);
});

test('a remote command that ignores SIGTERM is killed with SIGKILL after the grace period', async () => {
  const result = await ssh.exec({ kind: 'shell', script: "trap '' TERM; sleep 100; sleep 100" }, { timeoutMs: 300 });
  assert.deepEqual([result.signal, result.timedOut], ['SIGKILL', true]);
});

test('an abort signal stops the remote command without marking it timedOut', async () => {
  const controller = new AbortController();
  const running = ssh.exec({ kind: 'argv', argv: ['sleep', '100'] }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 300);
  const result = await running;
  assert.deepEqual([result.signal, result.timedOut], ['SIGTERM', false]);
});

test('an already aborted signal stops the remote command with TERM, before its group is even known', async () => {
  const result = await ssh.exec({ kind: 'argv', argv: ['sleep', '100'] }, { signal: AbortSignal.abort() });
  assert.equal(result.signal, 'SIGTERM'); // SIGKILL would mean the TERM was lost and the grace ran out
});

test('close kills the remote commands still running and later calls throw ConnectionError', async () => {
  const own = sshConnection(host.name, sshOptions(host));
  const running = own.exec({ kind: 'shell', script: 'echo started; sleep 100' });
  await sleep(500);
  await own.close();
  assert.deepEqual([(await running).stdout, (await running).signal], ['started\n', 'SIGTERM']);
  await assert.rejects(own.exec({ kind: 'argv', argv: ['true'] }), ConnectionError);
});

/** True once the process is gone or a zombie; polls for up to 5 s. */
async function isGoneSoon(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i += 1) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return true;
    }
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true;
    await sleep(100);
  }
  return false;
}
