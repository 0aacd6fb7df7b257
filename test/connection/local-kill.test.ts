import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError, localConnection } from '../../engine/connection/index.js';
import { tempDir } from '../helpers/files.js';

const home = tempDir();
const host = localConnection('kill-test', { home });
// Generous: a `sleep 30` that was not killed would take 30 s.
const KILLED_WITHIN_MS = 10_000;

test('a command past its timeout is killed with SIGTERM and marked timedOut', async () => {
  const started = Date.now();
  const result = await host.exec({ kind: 'argv', argv: ['sleep', '30'] }, { timeoutMs: 200 });
  assert.ok(Date.now() - started < KILLED_WITHIN_MS);
  assert.deepEqual([result.exitCode, result.signal, result.timedOut], [null, 'SIGTERM', true]);
});

test('a timeout kills the whole process group, grandchildren included', async () => {
  // The sleeps let go of the output pipes, so only a group kill (not the end of `sh`) stops them.
  const script = 'sleep 100 >/dev/null 2>&1 & echo $! > a.pid; sleep 100 >/dev/null 2>&1 & echo $! > b.pid; wait';
  const started = Date.now();
  const result = await host.exec({ kind: 'shell', script }, { timeoutMs: 300 });
  assert.ok(Date.now() - started < KILLED_WITHIN_MS);
  assert.equal(result.timedOut, true);
  for (const file of ['a.pid', 'b.pid']) {
    const pid = Number(readFileSync(join(home, file), 'utf8'));
    assert.equal(await isGoneSoon(pid), true, `${file}: process ${pid} still runs`);
  }
});

test('a command that ignores SIGTERM is killed with SIGKILL after the grace period', async () => {
  const started = Date.now();
  const result = await host.exec({ kind: 'shell', script: "trap '' TERM; sleep 30; sleep 30" }, { timeoutMs: 200 });
  assert.ok(Date.now() - started < KILLED_WITHIN_MS);
  assert.deepEqual([result.signal, result.timedOut], ['SIGKILL', true]);
});

test('an abort signal cancels the command the way a timeout does, without marking it timedOut', async () => {
  const controller = new AbortController();
  const running = host.exec({ kind: 'argv', argv: ['sleep', '30'] }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  const result = await running;
  assert.deepEqual([result.signal, result.timedOut], ['SIGTERM', false]);
});

test('an already aborted signal stops the command at once', async () => {
  const started = Date.now();
  const result = await host.exec({ kind: 'argv', argv: ['sleep', '30'] }, { signal: AbortSignal.abort() });
  assert.ok(Date.now() - started < KILLED_WITHIN_MS);
  assert.equal(result.signal, 'SIGTERM');
});

test('close kills the commands still running on the connection', async () => {
  const own = localConnection('close-test', { home });
  const running = own.exec({ kind: 'shell', script: 'echo started; sleep 30' });
  await sleep(200);
  await own.close();
  const result = await running;
  assert.deepEqual([result.stdout, result.signal], ['started\n', 'SIGTERM']);
});

test('exec after close throws a ConnectionError', async () => {
  const own = localConnection('closed-test', { home });
  await own.close();
  await assert.rejects(own.exec({ kind: 'argv', argv: ['true'] }), ConnectionError);
});

/** True once the process is gone or a zombie (no init may reap it in a container); polls for up to 5 s. */
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
