import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fileChanges, snapshotHosts, unexpectedChanges, UPGRADE_MAY_CHANGE } from '../helpers/host-files.js';
import { executedSteps, plannedSteps } from '../helpers/plan-vs-run.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

const cidsOf = (cluster: TestCluster, host: string) =>
  [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"(Qm\w+)"/g)].map((m) => m[1]!).sort();

function upgrade(cluster: TestCluster, target: string) {
  return runCli(['exec', 'upgrade-bootstrap', '-i', cluster.inventory, '-e', `target_version=${target}`], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
}

for (const peers of [3, 5]) {
  test(`bootstrap upgrade 0.10.0 → 0.10.1 on ${peers} peers: all rejoin the last peer at the new version with every pin`, async () => {
    const cluster = await startCluster({ peers, version: '0.10.0' });
    const before = cidsOf(cluster, 'peer1');
    const files = snapshotHosts(cluster.hosts);
    const plan = runCli(['plan', 'upgrade-bootstrap', '-i', cluster.inventory, '-e', 'target_version=0.10.1', '--format', 'json'], { cwd: cluster.dir });
    assert.equal(plan.status, 0, plan.stderr);
    const result = upgrade(cluster, '0.10.1');
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(executedSteps(cluster.dir), plannedSteps(plan.stdout));
    // the last peer is never removed: a single-peer cluster cannot remove its only peer
    assert.doesNotMatch(result.stdout, new RegExp(`peer${peers} \\S+ Remove the peer`));
    for (const host of cluster.hosts) {
      assert.equal(cluster.service(host.name, ['--version']).stdout.trim(), 'ipfs-cluster-service version 0.10.1');
      assert.match(cluster.ctl(host.name, ['peers', 'ls']), new RegExp(`Sees ${peers - 1} other peers`));
      assert.deepEqual(cidsOf(cluster, host.name), before, host.name);
    }
    assert.deepEqual(unexpectedChanges(fileChanges(files, snapshotHosts(cluster.hosts)), UPGRADE_MAY_CHANGE), []);
  });
}

test('when the install fails on the 2nd removed peer, the roll-out stops there and that peer keeps its old version', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.10.0' });
  const before = cidsOf(cluster, 'peer3');
  cluster.fault('peer2', 'install-fails');
  const files = snapshotHosts(cluster.hosts);
  const result = upgrade(cluster, '0.10.1');
  assert.equal(result.status, 2);
  assert.match(result.stdout, /peer2 \S+ Install the new binaries … failed/);
  assert.match(result.stdout, /stopped: roll-out of "Upgrade the removed peers/);
  assert.equal(cluster.service('peer2', ['--version']).stdout.trim(), 'ipfs-cluster-service version 0.10.0');
  // the peers that made it form the cluster at the new version, with every pin
  for (const host of ['peer1', 'peer3']) {
    assert.equal(cluster.service(host, ['--version']).stdout.trim(), 'ipfs-cluster-service version 0.10.1');
    assert.deepEqual(cidsOf(cluster, host), before);
  }
  // peer2 was removed (its state rotated to raft.old.N, as `peers rm` does) but keeps its binaries and configuration
  const changes = fileChanges(files, snapshotHosts(cluster.hosts));
  assert.deepEqual(unexpectedChanges(changes, UPGRADE_MAY_CHANGE), []);
  assert.deepEqual(changes.filter((c) => c.host === 'peer2' && /^bin\/|service\.json|identity\.json/.test(c.path)), []);
});
