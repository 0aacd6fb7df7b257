import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError, sshConnection } from '../../engine/connection/index.js';
import { sshOptions, startSshd } from '../helpers/sshd.js';

const sshd = await startSshd(2);
const [up, down] = sshd.hosts as [typeof sshd.hosts[0] & object, typeof sshd.hosts[0] & object];
// Generous bound: a refused connection must not wait for a connect timeout.
const QUICKLY_MS = 5000;

async function closedPort(address: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a refused port is a ConnectionError that says so, quickly', async () => {
  const ssh = sshConnection('nobody-home', { ...sshOptions(up), port: await closedPort(up.address), retries: 1 });
  const started = Date.now();
  await assert.rejects(ssh.exec({ kind: 'argv', argv: ['true'] }), (e: unknown) => e instanceof ConnectionError && /^nobody-home: cannot connect to root@[\d.]+:\d+: connection refused/.test(e.message));
  assert.ok(Date.now() - started < QUICKLY_MS);
});

test('a server that never speaks SSH is a ConnectionError after the connect timeout', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, up.address, resolve));
  const { port } = silent.address() as { port: number };
  const ssh = sshConnection('silent', { ...sshOptions(up), port, connectTimeoutMs: 300, retries: 0 });
  await assert.rejects(ssh.exec({ kind: 'argv', argv: ['true'] }), (e: unknown) => e instanceof ConnectionError && /no SSH handshake in time \(timeout\)/.test(e.message));
  for (const socket of sockets) socket.destroy();
  silent.close();
});

test('a host name that does not resolve is a ConnectionError naming DNS', async () => {
  const ssh = sshConnection('ghost', { ...sshOptions(up), address: 'no-such-host.invalid', retries: 0 });
  await assert.rejects(ssh.exec({ kind: 'argv', argv: ['true'] }), (e: unknown) => e instanceof ConnectionError && /cannot be resolved/.test(e.message));
});

test('a refused login is a ConnectionError and the password appears nowhere in it', async () => {
  const password = 'hunter2-Secret-pa55';
  const ssh = sshConnection(up.name, { address: up.address, port: up.port, user: 'root', password, knownHostsPath: up.knownHostsPath, retries: 0 });
  const error: unknown = await ssh.exec({ kind: 'argv', argv: ['true'] }).catch((e: unknown) => e);
  assert.ok(error instanceof ConnectionError);
  assert.match(error.message, /refused the login/);
  assert.equal(`${inspect(error, { depth: 10 })} ${JSON.stringify(error)} ${error.stack}`.includes(password), false);
});

test('a host whose sshd is stopped mid-use fails its next command with ConnectionError', async () => {
  const ssh = sshConnection(down.name, { ...sshOptions(down), retries: 0 });
  assert.equal((await ssh.exec({ kind: 'argv', argv: ['echo', 'up'] })).stdout, 'up\n');
  await sshd.stop(down.name);
  await assert.rejects(ssh.exec({ kind: 'argv', argv: ['true'] }), (e: unknown) => e instanceof ConnectionError && /connection refused/.test(e.message));
  await sshd.start(down.name);
  await ssh.close();
});

test('a command running when its host goes down fails with ConnectionError', async () => {
  const ssh = sshConnection(down.name, { ...sshOptions(down), retries: 0 });
  const failed = assert.rejects(ssh.exec({ kind: 'argv', argv: ['sleep', '100'] }), (e: unknown) => e instanceof ConnectionError && /lost while the command ran/.test(e.message));
  await sleep(500);
  await sshd.stop(down.name);
  await failed;
  await sshd.start(down.name);
  await ssh.close();
});

test('a dropped connection is opened again for the next command', async () => {
  const ssh = sshConnection(down.name, sshOptions(down));
  const before = await ssh.exec({ kind: 'shell', script: 'echo "$SSH_CLIENT"' });
  await sshd.stop(down.name);
  await sshd.start(down.name);
  const after = await ssh.exec({ kind: 'shell', script: 'echo "$SSH_CLIENT"' });
  assert.equal(after.exitCode, 0);
  assert.notEqual(after.stdout, before.stdout, 'a new connection (another client port)');
  await ssh.close();
});
