import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hostEnv, runOnHostAsync } from '../../sim/cluster.js';
import { simHost } from '../helpers/sim.js';

const pidOf = (home: string) => readFileSync(join(home, '.sim', 'daemon.pid'), 'utf8');
const daemons = (home: string) => readFileSync(join(home, '.sim', 'daemon.log'), 'utf8').match(/IPFS Cluster is READY/g)?.length ?? 0;

test('ipfs-cluster-sim-start on a running daemon leaves it running and exits 0, as systemctl start does', async () => {
  const host = simHost('0.10.1');
  assert.equal((await runOnHostAsync(host.home, 'ipfs-cluster-sim-start', ['daemon'])).status, 0);
  const pid = pidOf(host.home);
  const again = await runOnHostAsync(host.home, 'ipfs-cluster-sim-start', ['daemon', '--upgrade']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, `ipfs-cluster-service is already running (pid ${pid})\n`);
  assert.equal(pidOf(host.home), pid);
  assert.equal(daemons(host.home), 1);
});

test('ipfs-cluster-sim-start waits for a start in progress to end, as systemd queues a second start job', async () => {
  const host = simHost('0.10.1');
  const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  after(() => holder.kill('SIGKILL'));
  writeFileSync(join(host.home, '.sim', 'start.lock'), String(holder.pid));
  const child = spawn(join(host.home, 'bin', 'ipfs-cluster-sim-start'), ['daemon'], { env: hostEnv(host.home), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('waiting for the start in progress')) resolve(); });
    child.on('exit', () => reject(new Error(`sim-start ended without waiting for the start in progress:\n${out}`)));
  });
  assert.equal(out, `waiting for the start in progress (pid ${holder.pid}) to end\n`);
  assert.equal(existsSync(join(host.home, '.sim', 'daemon.pid')), false, 'no daemon is started while another start runs');
  holder.kill('SIGKILL');
  assert.equal(await exited, 0, out);
  assert.match(out, /ipfs-cluster-service READY \(pid \d+/);
  assert.equal(existsSync(join(host.home, '.sim', 'start.lock')), false, 'the lock goes with the start that took it over');
});
