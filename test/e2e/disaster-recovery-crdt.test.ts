import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runOnHost } from '../../sim/cluster.js';
import { CLI } from '../helpers/cli.js';
import { fileChanges, snapshotHosts } from '../helpers/host-files.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

function pinset(cluster: TestCluster, host: string): string[] {
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"cid": "(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

// a damaged CRDT datastore: two of its pins gone
function damage(path: string): void {
  const store = JSON.parse(readFileSync(path, 'utf8')) as { pins: { cid: string }[]; entries: Record<string, unknown> };
  const lost = store.pins.slice(0, 2).map((p) => p.cid);
  writeFileSync(path, JSON.stringify({ ...store, pins: store.pins.slice(2), entries: Object.fromEntries(Object.entries(store.entries).filter(([cid]) => !lost.includes(cid))) }));
}

test('disaster recovery of a CRDT cluster 1.0.8 → 1.1.6 from one peer: every pin everywhere, each datastore it emptied kept as a copy', async () => {
  const cluster = await startCluster({ peers: 3, version: '1.0.8', consensus: 'crdt' });
  const pins = pinset(cluster, 'peer1');
  assert.equal(pins.length, 5);
  // the disaster: every daemon down, peer2's datastore damaged, peer3's gone
  for (const host of cluster.hosts) runOnHost(host.home, 'ipfs-cluster-sim-stop', []);
  const [peer1, peer2, peer3] = cluster.hosts.map((h) => join(h.home, '.ipfs-cluster'));
  damage(join(peer2!, 'pebble', 'state.json'));
  rmSync(join(peer3!, 'pebble'), { recursive: true });
  const stores = [peer1!, peer2!].map((c) => readFileSync(join(c, 'pebble', 'state.json'), 'utf8'));
  const files = snapshotHosts(cluster.hosts);
  const result = spawnSync(process.execPath, [CLI, 'exec', 'disaster-recovery', '-i', cluster.inventory, '-e', 'target_version=1.1.6', '-e', 'state_peer=peer1'],
    { cwd: cluster.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  for (const host of cluster.hosts) {
    assert.equal(cluster.service(host.name, ['--version']).stdout.trim(), 'ipfs-cluster-service version 1.1.6', host.name);
    assert.match(cluster.ctl(host.name, ['peers', 'ls']), /Sees 2 other peers/, host.name);
    assert.deepEqual(pinset(cluster, host.name), pins, host.name);
  }
  // the datastores the import and the cleanup emptied are kept, byte for byte, beside the live one
  [peer1!, peer2!].forEach((config, i) => {
    const copy = readdirSync(config).find((f) => f.startsWith('pebble.before-'));
    assert.ok(copy, `${config}: no copy of the datastore`);
    assert.equal(readFileSync(join(config, copy, 'state.json'), 'utf8'), stores[i]);
  });
  assert.equal(readdirSync(peer3!).some((f) => f.startsWith('pebble.before-')), false, 'peer3 had no datastore to copy');
  assert.deepEqual(fileChanges(files, snapshotHosts(cluster.hosts)).filter((c) => /service\.json|identity\.json|raft/.test(c.path)), []);
});
