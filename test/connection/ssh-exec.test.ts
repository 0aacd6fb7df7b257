import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sshConnection } from '../../engine/connection/index.js';
import { sshOptions, startSshd } from '../helpers/sshd.js';

const sshd = await startSshd(1);
const host = sshd.hosts[0]!;
const ssh = sshConnection(host.name, sshOptions(host));
test.after(() => ssh.close());

test('an argv command runs on the host and returns its exit code and both streams', async () => {
  const result = await ssh.exec({ kind: 'argv', argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
  assert.deepEqual([result.exitCode, result.signal, result.stdout, result.stderr], [3, null, 'out\n', 'err\n']);
  assert.deepEqual([result.timedOut, result.truncated], [false, false]);
});

test('a shell command runs through /bin/sh -c with pipes and variables', async () => {
  const result = await ssh.exec({ kind: 'shell', script: 'X=hello; echo "$X world" | tr a-z A-Z' });
  assert.equal(result.stdout, 'HELLO WORLD\n');
});

test('commands run in the host home, which is $HOME', async () => {
  const result = await ssh.exec({ kind: 'shell', script: 'echo "$HOME"; touch here.txt; ls "$HOME"' });
  assert.equal(result.stdout, `${host.home}\nhere.txt\n`);
});

test('env values reach the command, one variable each', async () => {
  const result = await ssh.exec({ kind: 'argv', argv: ['sh', '-c', 'echo "$A|$B"'] }, { env: { A: 'one two', B: "it's" } });
  assert.equal(result.stdout, "one two|it's\n");
});

test('an env variable name that is not a name is refused before anything runs', async () => {
  await assert.rejects(ssh.exec({ kind: 'argv', argv: ['true'] }, { env: { 'A B': 'x' } }), /not a valid name/);
});

test('cwd is relative to home and a missing cwd fails the command, not the connection', async () => {
  await ssh.exec({ kind: 'argv', argv: ['mkdir', '-p', 'some dir/sub'] });
  const inside = await ssh.exec({ kind: 'argv', argv: ['pwd'] }, { cwd: 'some dir/sub' });
  assert.equal(inside.stdout, '/root/some dir/sub\n'); // /root is the host's home folder inside its namespace
  const missing = await ssh.exec({ kind: 'argv', argv: ['pwd'] }, { cwd: 'no-such-dir' });
  assert.notEqual(missing.exitCode, 0);
  assert.match(missing.stderr, /no-such-dir/);
});

test('stdin is written to the command and then closed', async () => {
  const result = await ssh.exec({ kind: 'argv', argv: ['sh', '-c', 'cat; echo "<eof>"'] }, { stdin: 'line 1\nline 2\n' });
  assert.equal(result.stdout, 'line 1\nline 2\n<eof>\n');
});

test('a command without stdin reads end-of-file at once', async () => {
  const result = await ssh.exec({ kind: 'argv', argv: ['cat'] }, { timeoutMs: 5000 });
  assert.deepEqual([result.exitCode, result.stdout, result.timedOut], [0, '', false]);
});

test('a missing program exits 127 like a shell', async () => {
  const result = await ssh.exec({ kind: 'argv', argv: ['no-such-program-xyz', 'arg'] });
  assert.equal(result.exitCode, 127);
  assert.match(result.stderr, /no-such-program-xyz/);
});

test('output past the cap keeps the first and last halves with a marker', async () => {
  const small = sshConnection(host.name, { ...sshOptions(host), outputCapBytes: 1000 });
  const result = await small.exec({ kind: 'shell', script: 'echo START; head -c 100000 /dev/zero | tr "\\0" x; echo; echo END' });
  await small.close();
  assert.equal(result.truncated, true);
  assert.ok(result.stdout.startsWith('START\nxxx'));
  assert.ok(result.stdout.endsWith('xxx\nEND\n'));
  assert.match(result.stdout, /\[… \d+ bytes cut …\]/);
  assert.ok(result.stdout.length < 1100);
});

test('several commands run at the same time, each on its own channel', async () => {
  // A barrier: each command waits until all 8 have started, which only happens if they run at once.
  await ssh.exec({ kind: 'argv', argv: ['mkdir', 'barrier'] });
  const script = (i: number): string => `touch barrier/${i}; while [ $(ls barrier | wc -l) -lt 8 ]; do sleep 0.05; done; echo ${i}`;
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => ssh.exec({ kind: 'shell', script: script(i) }, { timeoutMs: 10_000 })));
  assert.deepEqual(results.map((r) => [r.timedOut, r.stdout]), Array.from({ length: 8 }, (_, i) => [false, `${i}\n`]));
});

test('more commands at once than the server allows sessions wait their turn and all succeed', async () => {
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ssh.exec({ kind: 'argv', argv: ['echo', String(i)] })));
  assert.deepEqual(results.map((r) => r.stdout), Array.from({ length: 30 }, (_, i) => `${i}\n`));
});

test('every exec reuses the one SSH connection', async () => {
  const ports = await Promise.all([1, 2, 3].map(() => ssh.exec({ kind: 'shell', script: 'echo "$SSH_CLIENT" | cut -d" " -f2' })));
  assert.equal(new Set(ports.map((r) => r.stdout)).size, 1);
});

test('a server allowing fewer sessions than commands at once runs them all, a few at a time', async () => {
  const strict = await startSshd(1, { extraConfig: ['MaxSessions 2'] });
  const own = sshConnection('strict', sshOptions(strict.hosts[0]!));
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => own.exec({ kind: 'shell', script: `sleep 0.2; echo ${i}` })));
  await own.close();
  assert.deepEqual(results.map((r) => r.stdout), Array.from({ length: 6 }, (_, i) => `${i}\n`));
});
