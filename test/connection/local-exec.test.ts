import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConnectionError, localConnection } from '../../engine/connection/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const home = writeFiles(tempDir(), { 'keep.txt': 'precious\n', 'sub/dir/.keep': '' });
const host = localConnection('local-test', { home });

test('an argv command runs the program and returns its stdout, stderr and exit code', async () => {
  const result = await host.exec({ kind: 'argv', argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
  assert.deepEqual({ ...result, durationMs: 0 }, {
    exitCode: 3, signal: null, stdout: 'out\n', stderr: 'err\n', durationMs: 0, timedOut: false, truncated: false,
  });
  assert.ok(result.durationMs > 0);
});

test('shell metacharacters in an argv argument arrive literally and nothing is executed', async () => {
  const args = ['$(touch pwned)', '; rm -rf keep.txt', '`touch pwned2`', `"double" 'single'`, 'line1\nline2', '*', '&& touch pwned3 |'];
  const result = await host.exec({ kind: 'argv', argv: ['printf', '<%s>', ...args] });
  assert.equal(result.stdout, args.map((a) => `<${a}>`).join(''));
  assert.deepEqual(readdirSync(home).sort(), ['keep.txt', 'sub']);
});

test('a missing program exits 127 with "command not found" instead of throwing', async () => {
  const result = await host.exec({ kind: 'argv', argv: ['no-such-program-xyz', '--version'] });
  assert.equal(result.exitCode, 127);
  assert.equal(result.stderr, 'no-such-program-xyz: command not found\n');
});

test('a program that is not executable exits 126 with "Permission denied"', async () => {
  const result = await host.exec({ kind: 'argv', argv: [join(home, 'keep.txt')] });
  assert.equal(result.exitCode, 126);
  assert.match(result.stderr, /keep\.txt: Permission denied/);
});

test('a shell command runs through /bin/sh -c with pipes and expansions', async () => {
  const result = await host.exec({ kind: 'shell', script: 'printf "%s\\n" a b c | wc -l; echo "$((6 * 7))"' });
  assert.equal(result.stdout.replace(/ +/g, ''), '3\n42\n');
});

test('a shell command runs through the executable it names', async () => {
  const dir = writeFiles(tempDir(), { 'fake-sh': '#!/bin/sh\necho "fake-sh got: $*"\n' });
  chmodSync(join(dir, 'fake-sh'), 0o755);
  const result = await host.exec({ kind: 'shell', script: 'echo hi', executable: join(dir, 'fake-sh') });
  assert.equal(result.stdout, 'fake-sh got: -c echo hi\n');
});

test('a command runs in the home folder with HOME set to it', async () => {
  const result = await host.exec({ kind: 'shell', script: 'pwd -P; echo "$HOME"' });
  assert.equal(result.stdout, `${realpathSync(home)}\n${home}\n`);
});

test('a relative cwd is resolved from home, an absolute one is used as is', async () => {
  const relative = await host.exec({ kind: 'argv', argv: ['pwd', '-P'] }, { cwd: 'sub/dir' });
  const absolute = await host.exec({ kind: 'argv', argv: ['pwd', '-P'] }, { cwd: join(home, 'sub') });
  assert.equal(relative.stdout, `${realpathSync(join(home, 'sub/dir'))}\n`);
  assert.equal(absolute.stdout, `${realpathSync(join(home, 'sub'))}\n`);
});

test('a missing cwd fails the command with exit 1 and says why', async () => {
  const result = await host.exec({ kind: 'argv', argv: ['true'] }, { cwd: 'nowhere' });
  assert.equal(result.exitCode, 1);
  assert.equal(result.stderr, `cd: ${join(home, 'nowhere')}: No such file or directory\n`);
});

test('the environment is the controller\'s, then the connection\'s, then the command\'s', async () => {
  const layered = localConnection('env-test', { home, env: { FROM_HOST: 'host', BOTH: 'host' } });
  const result = await layered.exec({ kind: 'shell', script: 'echo "$FROM_HOST $BOTH $FROM_EXEC"; test -n "$PATH"' },
    { env: { BOTH: 'exec', FROM_EXEC: 'exec' } });
  assert.deepEqual([result.stdout, result.exitCode], ['host exec exec\n', 0]);
});

test('a simulated host finds programs on its own PATH and has its own HOME', async () => {
  const simHome = writeFiles(tempDir(), { 'bin/sim-hello': '#!/bin/sh\necho "hello from $HOME"\n' });
  chmodSync(join(simHome, 'bin/sim-hello'), 0o755);
  const sim = localConnection('sim-1', { home: simHome, env: { PATH: `${join(simHome, 'bin')}:/usr/bin:/bin` } });
  const result = await sim.exec({ kind: 'argv', argv: ['sim-hello'] });
  assert.equal(result.stdout, `hello from ${simHome}\n`);
});

test('a missing home folder makes exec throw a ConnectionError', async () => {
  const gone = localConnection('gone', { home: join(home, 'does-not-exist') });
  await assert.rejects(gone.exec({ kind: 'argv', argv: ['true'] }), (error: unknown) =>
    error instanceof ConnectionError && error.host === 'gone' && /home folder .*does-not-exist/.test(error.message));
  assert.equal(existsSync(join(home, 'does-not-exist')), false);
});

test('stdin text is written to the command and then closed', async () => {
  const result = await host.exec({ kind: 'argv', argv: ['cat'] }, { stdin: 'line one\nline two\n' });
  assert.equal(result.stdout, 'line one\nline two\n');
});

test('without stdin a command that reads input gets end-of-file at once', async () => {
  const result = await host.exec({ kind: 'shell', script: 'cat; read line; echo "read exit $?"' }, { timeoutMs: 20_000 });
  assert.deepEqual([result.stdout, result.timedOut], ['read exit 1\n', false]);
});
