import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { simTempDir, uniqueAddressBase } from '../helpers/sim.js';

const SIM = fileURLToPath(new URL('../../sim/cli.js', import.meta.url));
const sim = (args: readonly string[]) => spawnSync(process.execPath, [SIM, ...args], { encoding: 'utf8', timeout: 60_000 });

test('sim up starts a formed cluster with pins, status reports it, and down stops every daemon', () => {
  const dir = simTempDir();
  const up = sim(['up', '--peers', '3', '--version', '0.9.0', '--pins', '4', '--dir', dir, '--address-base', uniqueAddressBase(),
    '--wait-for-leader-timeout', '2s']);
  assert.equal(up.status, 0, up.stderr);
  assert.match(up.stdout, /cluster of 3 peers at v0\.9\.0 is READY/);
  assert.match(up.stdout, /\n {4}peer1:\n {6}ansible_host: 127[\d.]+\n {6}runbook_home: \/\S+\/peer1\n/);
  const again = sim(['up', '--peers', '1', '--dir', dir]);
  assert.deepEqual([again.status, again.stderr.startsWith(`sim: ${dir} holds running simulated peers`)], [1, true]);
  const rows = JSON.parse(sim(['status', '--dir', dir, '--json']).stdout) as { version: string; isRunning: boolean; peers: number; pins: number }[];
  assert.deepEqual(rows.map((r) => [r.version, r.isRunning, r.peers, r.pins]), [['0.9.0', true, 3, 4], ['0.9.0', true, 3, 4], ['0.9.0', true, 3, 4]]);
  assert.equal(sim(['down', '--dir', dir]).status, 0);
  const stopped = JSON.parse(sim(['status', '--dir', dir, '--json']).stdout) as { isRunning: boolean }[];
  assert.deepEqual(stopped.map((r) => r.isRunning), [false, false, false]);
  const fresh = sim(['up', '--peers', '1', '--version', '0.10.1', '--pins', '0', '--dir', dir, '--address-base', uniqueAddressBase()]);
  assert.equal(fresh.status, 0, fresh.stderr);
  const replaced = JSON.parse(sim(['status', '--dir', dir, '--json']).stdout) as { version: string; isRunning: boolean }[];
  assert.deepEqual(replaced.map((r) => [r.version, r.isRunning]), [['0.10.1', true]], 'stopped hosts are replaced');
});
