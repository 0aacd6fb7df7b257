import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileChanges, snapshotHosts, unexpectedChanges, UPGRADE_MAY_CHANGE } from '../helpers/host-files.js';
import { execRolling, journal, peerIds, pinset, runLong, statusLines, versions } from '../helpers/rolling.js';
import { startCluster } from '../helpers/sim-cluster.js';

// Beyond what UPGRADE_MAY_CHANGE allows: a CRDT peer's datastore (1.1.x ratchets Pebble's format, moving its marker,
// and migrates the CRDT keys once), and the copy of the config folder the runbook keeps as the way back
const ROLLING_MAY_CHANGE = [/^(added|modified|removed) \.ipfs-cluster\/pebble\//, /^added \.ipfs-cluster\.before-[\w.-]+\//];

test('rolling 1.0.8 → 1.1.6 on 5 CRDT peers: the canary first, then one peer at a time; every pin, status and peer ID as before', async () => {
  const cluster = await startCluster({ peers: 5, version: '1.0.8', consensus: 'crdt' });
  const before = { pins: pinset(cluster, 'peer1'), status: statusLines(cluster, 'peer1'), ids: peerIds(cluster), files: snapshotHosts(cluster.hosts) };
  // the plan shows the batches, the gate and each peer's undo hooks
  const plan = runLong(cluster, ['plan', 'upgrade-rolling', '-i', cluster.inventory, '-e', 'target_version=1.1.6', '-e', 'canary=peer3', '-e', 'replay_free_disk_mb=1']);
  assert.equal(plan.status, 0, plan.stdout + plan.stderr);
  assert.match(plan.stdout, /^2\. Roll out, the canary first \[lockstep: each step ends on every host before the next; rollback_scope all/m);
  assert.match(plan.stdout, /^ {2}2\.1\. Canary \[rolling in 1 batch\(es\): \[peer3\]; rollback_scope all: a host that fails rolls back/m);
  assert.match(plan.stdout, /^ {5}when: inventory_hostname == canary_host — true on peer3; false on peer1, peer2, peer4, peer5$/m);
  assert.match(plan.stdout, /^ {2}2\.2\. The other peers, one at a time \[rolling in 4 batch\(es\): \[peer1\] \[peer2\] \[peer4\] \[peer5\]; rollback_scope all/m);
  assert.match(plan.stdout, /^ {5}when: inventory_hostname != canary_host — true on peer1, peer2, peer4, peer5; false on peer3$/m);
  assert.match(plan.stdout, /^ {4}2\.1\.gate\. Health gate: every peer answered with its old ID and every pin's status held through the soak \[assert\]$/m);
  assert.match(plan.stdout, /will run +peer3: ipfs-cluster-install 1\.1\.6\n +undo: ipfs-cluster-sim-stop\n +undo: ipfs-cluster-install 1\.0\.8\n/);
  assert.match(plan.stdout, /undo: mv '[^']*\/peer1\/\.ipfs-cluster\.before-<run\.id>'\s+\S*\/peer1\/\.ipfs-cluster\n/);
  const result = execRolling(cluster, '-e', 'canary=peer3');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.deepEqual(versions(cluster), Array(5).fill('ipfs-cluster-service version 1.1.6'));
  // the canary alone first, then every other peer in play order, each in a batch of its own
  const batches = journal(cluster).filter((e) => e.type === 'batch-start').map((e) => e.hosts!.join());
  assert.deepEqual(batches, ['peer3', 'peer1', 'peer2', 'peer4', 'peer5']);
  const installs = journal(cluster).filter((e) => e.type === 'step-start' && e.name === 'Install the new binaries').map((e) => e.host);
  assert.deepEqual(installs, ['peer3', 'peer1', 'peer2', 'peer4', 'peer5']);
  for (const host of ['peer1', 'peer2', 'peer3', 'peer4', 'peer5']) {
    assert.deepEqual(pinset(cluster, host), before.pins, host);
    assert.deepEqual(statusLines(cluster, host), before.status, host);
  }
  assert.deepEqual(peerIds(cluster), before.ids);
  assert.doesNotMatch(cluster.ctl('peer1', ['pin', 'ls']), /QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn/, 'the probe pin is gone');
  const changes = fileChanges(before.files, snapshotHosts(cluster.hosts));
  assert.deepEqual(unexpectedChanges(changes, [...UPGRADE_MAY_CHANGE, ...ROLLING_MAY_CHANGE]), []);
  assert.ok(!changes.some((c) => /^\.ipfs-cluster\/(service|identity)\.json$/.test(c.path)), 'configuration and identity untouched');
});
