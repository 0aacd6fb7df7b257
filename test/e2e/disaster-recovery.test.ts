import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runOnHost } from '../../sim/cluster.js';
import { runCli } from '../helpers/cli.js';
import { fileChanges, snapshotHosts } from '../helpers/host-files.js';
import { executedSteps, plannedSteps } from '../helpers/plan-vs-run.js';
import { startCluster } from '../helpers/sim-cluster.js';

test('a cluster whose only surviving state is a raft.old.0 backup on one peer is restored at the new version with every pin', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const pins = [...cluster.ctl('peer1', ['--enc', 'json', 'pin', 'ls']).matchAll(/"(Qm\w+)"/g)].map((m) => m[1]).sort();
  assert.equal(pins.length, 5);
  // the disaster: every daemon down, peer1's state only in a backup, the others' state gone
  for (const host of cluster.hosts) runOnHost(host.home, 'ipfs-cluster-sim-stop', []);
  const [peer1, peer2, peer3] = cluster.hosts;
  assert.equal(cluster.service('peer1', ['state', 'cleanup', '-f']).status, 0);
  assert.ok(existsSync(join(peer1!.home, '.ipfs-cluster', 'raft.old.0')));
  for (const host of [peer2!, peer3!]) rmSync(join(host.home, '.ipfs-cluster', 'raft'), { recursive: true, force: true });

  const files = snapshotHosts(cluster.hosts);
  const args = ['-i', cluster.inventory, '-e', 'target_version=0.10.1', '-e', 'state_peer=peer1'];
  const plan = runCli(['plan', 'disaster-recovery', ...args, '--format', 'json'], { cwd: cluster.dir });
  assert.equal(plan.status, 0, plan.stderr);
  const result = runCli(['exec', 'disaster-recovery', ...args], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.deepEqual(executedSteps(cluster.dir), plannedSteps(plan.stdout));
  for (const host of cluster.hosts) {
    assert.equal(cluster.service(host.name, ['--version']).stdout.trim(), 'ipfs-cluster-service version 0.10.1');
    assert.match(cluster.ctl(host.name, ['peers', 'ls']), /Sees 2 other peers/);
    assert.deepEqual([...cluster.ctl(host.name, ['--enc', 'json', 'pin', 'ls']).matchAll(/"(Qm\w+)"/g)].map((m) => m[1]).sort(), pins, host.name);
  }
  // nothing it did not back up was deleted: every backup file is still there, unchanged (or kept under a new
  // .old.N number, as the daemon rotates them), and the configuration is untouched
  const after = snapshotHosts(cluster.hosts);
  for (const [host, was] of files) {
    const now = [...after.get(host)!.entries()];
    for (const [path, digest] of was) {
      if (!/\.old\.\d+\//.test(path)) continue;
      const tail = path.replace(/^.*?\.old\.\d+\//, '');
      assert.ok(now.some(([p, d]) => d === digest && /\.old\.\d+\//.test(p) && p.endsWith(`/${tail}`)), `${host}: ${path} lost`);
    }
  }
  assert.deepEqual(fileChanges(files, after).filter((c) => /service\.json|identity\.json/.test(c.path)), []);
});
