import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileChanges, snapshotHosts } from '../helpers/host-files.js';
import { assertOnlyCanaryRolledBack, execRolling, journal, recordCluster, versions } from '../helpers/rolling.js';
import { runOnHost } from '../../sim/cluster.js';
import { startCluster } from '../helpers/sim-cluster.js';

test('a canary whose pins reach the others only with the next rebroadcast fails the convergence bound and is put back', async () => {
  const cluster = await startCluster({ peers: 5, version: '1.0.8', consensus: 'crdt' });
  // rebroadcast_interval is 1m0s (init's default): far beyond a 3 s bound
  cluster.fault('peer1', 'crdt-slow@1.1.6');
  const before = recordCluster(cluster);
  const result = execRolling(cluster, '-e', 'convergence_timeout=3');
  assertOnlyCanaryRolledBack(cluster, before, result, 'peer1');
  assert.match(result.stdout, /peer1 is rolled-back: .*the probe pin Qm\w+ added on peer1 was not PINNED on every peer within 3 s: .*on peer2 \(12D3KooW\w+\): unpinned/);
});

test('a Pebble datastore still in format 1 is refused before any peer changes, naming the peer and the fix', async () => {
  const cluster = await startCluster({ peers: 5, version: '1.0.8', consensus: 'crdt' });
  // the store as a 1.0.x that never ratcheted it leaves it: restart peer4 with the fault, which keeps format 1 on disk
  cluster.fault('peer4', 'datastore-format-old');
  const peer4 = cluster.hosts[3]!;
  assert.equal(runOnHost(peer4.home, 'ipfs-cluster-sim-stop', []).status, 0);
  assert.equal(runOnHost(peer4.home, 'ipfs-cluster-sim-start', ['daemon']).status, 0);
  const files = snapshotHosts(cluster.hosts);
  const result = execRolling(cluster);
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.match(result.stdout, /peer4: its Pebble datastore is in format major version 1, which 1\.1\.6 cannot open/);
  assert.deepEqual(fileChanges(files, snapshotHosts(cluster.hosts)), []);
  assert.deepEqual(versions(cluster), Array(5).fill('ipfs-cluster-service version 1.0.8'));
  assert.equal(journal(cluster).some((e) => e.type === 'step-start' && /^[2-9]\./.test(e.id ?? '')), false, 'no step past the preflight ran');
});
