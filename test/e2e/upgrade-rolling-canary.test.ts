import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileChanges, snapshotHosts } from '../helpers/host-files.js';
import { assertOnlyCanaryRolledBack, daemonPids, execRolling, journal, peerIds, pinset, recordCluster, statusLines, versions } from '../helpers/rolling.js';
import { startCluster } from '../helpers/sim-cluster.js';

test('a canary whose new daemon never becomes READY is put back at 1.0.8 and the roll-out stops; the other 4 peers are untouched', async () => {
  const cluster = await startCluster({ peers: 5, version: '1.0.8', consensus: 'crdt' });
  cluster.fault('peer1', 'never-ready@1.1.6');
  const before = recordCluster(cluster);
  const result = execRolling(cluster);
  assertOnlyCanaryRolledBack(cluster, before, result, 'peer1');
  assert.match(result.stdout, /peer1 is rolled-back: step [\d.]+ "Start the new daemon": exit code 1: ipfs-cluster-service exited with status 0 before READY/);
  assert.match(result.stdout, /This peer was not able to become part of the cluster/);
});

test('a canary that reports a pin PIN_ERROR after its restart is put back, naming the peer, the pin and the status', async () => {
  const cluster = await startCluster({ peers: 5, version: '1.0.8', consensus: 'crdt' });
  cluster.fault('peer2', 'pin-error@1.1.6');
  const before = recordCluster(cluster);
  const result = execRolling(cluster, '-e', 'canary=peer2', '-e', 'ready_timeout=5');
  assertOnlyCanaryRolledBack(cluster, before, result, 'peer2');
  assert.match(result.stdout, /peer2 is rolled-back: .*after peer2 was upgraded: pin Qm\w+ on peer2 \(12D3KooW\w+\): pin_error \(was pinned\)/);
});

test('a peer after the canary that fails its gate puts back the canary too; the peers not reached yet are untouched', async () => {
  const cluster = await startCluster({ peers: 5, version: '1.0.8', consensus: 'crdt' });
  cluster.fault('peer2', 'pin-error@1.1.6');
  const before = recordCluster(cluster);
  const result = execRolling(cluster, '-e', 'ready_timeout=5');
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.deepEqual(versions(cluster), Array(5).fill('ipfs-cluster-service version 1.0.8'), result.stdout);
  const events = journal(cluster);
  assert.deepEqual(events.filter((e) => e.type === 'host-status' && e.outcome === 'rolled-back').map((e) => e.host).sort(), ['peer1', 'peer2']);
  for (const host of cluster.hosts.map((h) => h.name)) {
    assert.deepEqual(pinset(cluster, host), before.pins, host);
    assert.deepEqual(statusLines(cluster, host), before.status, host);
  }
  assert.deepEqual(peerIds(cluster), before.ids);
  const changes = fileChanges(before.files, snapshotHosts(cluster.hosts));
  // the canary's probe pin, added and removed, is in every peer's CRDT log (a key and its tombstone): the only change
  assert.deepEqual(changes.filter((c) => !['peer1', 'peer2'].includes(c.host)).map((c) => `${c.host} ${c.change} ${c.path}`),
    ['peer3', 'peer4', 'peer5'].map((h) => `${h} modified .ipfs-cluster/pebble/state.json`));
  assert.deepEqual(daemonPids(cluster).slice(2), before.pids.slice(2), 'peer3-5 never restarted');
  assert.match(result.stdout, /peer2 is rolled-back: .*after peer2 was upgraded: pin Qm\w+ on peer2 \(12D3KooW\w+\): pin_error \(was pinned\)/);
});
