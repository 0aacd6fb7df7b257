import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fileChanges, ROLLBACK_MAY_CHANGE, snapshotHosts, unexpectedChanges, UPGRADE_MAY_CHANGE } from '../helpers/host-files.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

function exec(cluster: TestCluster, target: string) {
  return runCli(['exec', 'upgrade-standard', '-i', cluster.inventory, '-e', `target_version=${target}`, '-e', 'min_wait_for_leader_timeout=3',
    '--output', 'plain'], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
}

function pinset(cluster: TestCluster, host: string): string[] {
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

function versions(cluster: TestCluster): string[] {
  return cluster.hosts.map((h) => cluster.service(h.name, ['--version']).stdout.trim().split(' ').pop()!);
}

/** The peerstore a clean stop writes: one address per other peer (not the one-byte file a bad migration wrote). */
function assertPeerstores(cluster: TestCluster): void {
  for (const host of cluster.hosts) {
    const file = join(host.home, '.ipfs-cluster', 'peerstore');
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const others = cluster.hosts.filter((h) => h !== host).map((h) => h.address);
    assert.deepEqual(lines.map((l) => /\/ip4\/([\d.]+)\//.exec(l)?.[1]).sort(), others.sort(), `${host.name} peerstore: ${lines.join(' | ')}`);
  }
}

/** Runs one hop and checks it: exit 0, every peer at the target, every pin, and no change but an upgrade's. */
function hop(cluster: TestCluster, target: string, pins: readonly string[]): void {
  const before = snapshotHosts(cluster.hosts);
  const result = exec(cluster, target);
  assert.equal(result.status, 0, `→ ${target}\n${result.stdout}${result.stderr}`);
  assert.deepEqual(versions(cluster), Array(cluster.hosts.length).fill(target), `→ ${target}`);
  for (const host of cluster.hosts) assert.deepEqual(pinset(cluster, host.name), pins, `${host.name} → ${target}`);
  const changes = fileChanges(before, snapshotHosts(cluster.hosts));
  assert.deepEqual(unexpectedChanges(changes, UPGRADE_MAY_CHANGE), [], `→ ${target}`);
  for (const host of cluster.hosts) {
    assert.ok(changes.some((c) => c.host === host.name && c.path === 'bin/ipfs-cluster-service'), `${host.name}: the binaries of ${target}`);
  }
  assertPeerstores(cluster);
}

test('the shipped runbooks walk 0.9.0 → 0.10.1 → 0.11.0 → 1.0.0 → 1.1.6, each hop keeping every pin and changing nothing else', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const pins = pinset(cluster, 'peer1');
  assert.equal(pins.length, 5);
  hop(cluster, '0.10.1', pins);
  // the same upgrade again: a clean no-op, nothing written anywhere
  const before = snapshotHosts(cluster.hosts);
  const again = exec(cluster, '0.10.1');
  assert.equal(again.status, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /peer1 1\.\d+ Nothing to do on a peer that already runs the target version … ok/);
  assert.deepEqual(fileChanges(before, snapshotHosts(cluster.hosts)), []);
  for (const target of ['0.11.0', '1.0.0', '1.1.6']) hop(cluster, target, pins);
});

test('a hop that fails midway rolls back to the files it started from, and the same hop then succeeds', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.10.1' });
  const pins = pinset(cluster, 'peer1');
  const before = snapshotHosts(cluster.hosts);
  cluster.fault('peer2', 'never-ready@0.11.0');
  const failed = exec(cluster, '0.11.0');
  assert.equal(failed.status, 2, failed.stdout + failed.stderr);
  assert.match(failed.stdout, /peer2 is rolled-back/);
  assert.deepEqual(versions(cluster), ['0.10.1', '0.10.1', '0.10.1']);
  for (const host of cluster.hosts) assert.deepEqual(pinset(cluster, host.name), pins, host.name);
  // after the rollback, only what an upgrade may leave behind differs: the backups and the state folder the import
  // rewrote (its pins are checked above); binaries and configuration are as they were, and the identity.json that
  // 0.11.0 extracted on its first start is gone again
  const changes = fileChanges(before, snapshotHosts(cluster.hosts));
  assert.deepEqual(unexpectedChanges(changes, ROLLBACK_MAY_CHANGE), []);
  assertPeerstores(cluster);
  cluster.fault('peer2', '');
  hop(cluster, '0.11.0', pins);
});
