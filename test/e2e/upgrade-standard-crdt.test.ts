import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { fileChanges, snapshotHosts, unexpectedChanges, UPGRADE_MAY_CHANGE } from '../helpers/host-files.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

const HOSTS = ['peer1', 'peer2', 'peer3'];

function pinset(cluster: TestCluster, host: string): string[] {
  // the CID is "Qm…" from 1.0, {"/": "Qm…"} before
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"cid": (?:\{\s*"\/": )?"(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

function exec(cluster: TestCluster, target: string) {
  return spawnSync(process.execPath, [CLI, 'exec', 'upgrade-standard', '-i', cluster.inventory, '-e', `target_version=${target}`],
    { cwd: cluster.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });
}

test('standard upgrade of a CRDT cluster 0.14.5 → 1.0.8 (versions that cannot run side by side): every pin on every peer, CRDT kept', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.14.5', consensus: 'crdt' });
  const pins = pinset(cluster, 'peer1');
  assert.equal(pins.length, 5);
  const files = snapshotHosts(cluster.hosts);
  const result = exec(cluster, '1.0.8');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  for (const host of HOSTS) {
    assert.equal(cluster.service(host, ['--version']).stdout.trim(), 'ipfs-cluster-service version 1.0.8', host);
    assert.match(cluster.ctl(host, ['peers', 'ls']), /Sees 2 other peers/, host);
    assert.deepEqual(pinset(cluster, host), pins, host);
  }
  const config = cluster.hosts.map((h) => JSON.parse(readFileSync(join(h.home, '.ipfs-cluster', 'service.json'), 'utf8')) as { consensus: object });
  assert.deepEqual(config.map((c) => Object.keys(c.consensus)), [['crdt'], ['crdt'], ['crdt']]);
  // a CRDT upgrade changes the binaries, the datastore (badger, as the 0.14.5 config names it), the peerstore, and adds
  // the backups: the export and the datastore's copy
  const crdt = [/^modified \.ipfs-cluster\/badger\/state\.json$/, /^added \.ipfs-cluster\/badger\.before-[\w.-]+\/state\.json$/];
  assert.deepEqual(unexpectedChanges(fileChanges(files, snapshotHosts(cluster.hosts)), [...UPGRADE_MAY_CHANGE, ...crdt]), []);
  assert.doesNotMatch(readFileSync(join(cluster.hosts[0]!.home, ".sim", "daemon.log"), "utf8"), /--upgrade/);
});

test('a CRDT upgrade whose new daemon crashes puts every peer back: old version, the datastore as it was, every pin', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.14.5', consensus: 'crdt' });
  const pins = pinset(cluster, 'peer1');
  cluster.fault('peer3', 'crash-at-start@1.0.8');
  const datastores = cluster.hosts.map((h) => readFileSync(join(h.home, '.ipfs-cluster', 'badger', 'state.json'), 'utf8'));
  const files = snapshotHosts(cluster.hosts);
  const result = exec(cluster, '1.0.8');
  assert.equal(result.status, 2, result.stdout + result.stderr);
  cluster.hosts.forEach((h, i) => {
    assert.equal(cluster.service(h.name, ['--version']).stdout.trim(), 'ipfs-cluster-service version 0.14.5', h.name);
    assert.match(cluster.ctl(h.name, ['peers', 'ls']), /Sees 2 other peers/, h.name);
    assert.deepEqual(pinset(cluster, h.name), pins, h.name);
    // the copy taken before the install, not a re-import (which would rewrite every key as this peer's)
    assert.equal(readFileSync(join(h.home, '.ipfs-cluster', 'badger', 'state.json'), 'utf8'), datastores[i], h.name);
  });
  // left behind: the backups (export, datastore copy) and the datastore the new release used, moved aside
  const leftovers = [/^added \.ipfs-cluster\/badger\.(before|failed)-[\w.-]+\/state\.json$/];
  const rollbackMayChange = UPGRADE_MAY_CHANGE.filter((p) => !/bin|identity|badger/.test(p.source));
  assert.deepEqual(unexpectedChanges(fileChanges(files, snapshotHosts(cluster.hosts)), [...rollbackMayChange, ...leftovers]), []);
});
