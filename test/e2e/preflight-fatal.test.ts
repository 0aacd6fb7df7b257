import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fileChanges, snapshotHosts } from '../helpers/host-files.js';
import { startCluster } from '../helpers/sim-cluster.js';

// A check that fails on one peer only (its own configuration) must stop every peer: the standard upgrade restarts all
// peers together, so going on without one would leave a cluster split across two releases that never form one.
test('one peer failing a preflight check of its own stops the standard upgrade on every peer, and nothing changes', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const config = join(cluster.hosts.find((h) => h.name === 'peer2')!.home, '.ipfs-cluster', 'service.json');
  const json = JSON.parse(readFileSync(config, 'utf8')) as { cluster: Record<string, unknown> };
  json.cluster['leave_on_shutdown'] = true;
  writeFileSync(config, JSON.stringify(json, null, 2));
  const before = snapshotHosts(cluster.hosts);
  const result = runCli(['exec', 'upgrade-standard', '-i', cluster.inventory, '-e', 'target_version=0.10.1', '-e', 'min_wait_for_leader_timeout=3'],
    { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.match(result.stdout, /peer2: cluster\.leave_on_shutdown is true/);
  for (const host of ['peer1', 'peer3']) assert.match(result.stdout, new RegExp(`${host} is stopped: .*peer2 failed`), host);
  assert.deepEqual(fileChanges(before, snapshotHosts(cluster.hosts)), []);
  for (const host of ['peer1', 'peer2', 'peer3']) {
    assert.equal(cluster.service(host, ['--version']).stdout.trim(), 'ipfs-cluster-service version 0.9.0', host);
    assert.match(cluster.ctl(host, ['peers', 'ls']), /Sees 2 other peers/, host);
  }
});
