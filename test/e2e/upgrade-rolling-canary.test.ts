import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertOnlyCanaryRolledBack, execRolling, recordCluster } from '../helpers/rolling.js';
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
