import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fileChanges, snapshotHosts, unexpectedChanges, UPGRADE_MAY_CHANGE } from '../helpers/host-files.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

interface Hop { readonly from: string; readonly to: string; readonly runbook: string }

function pinset(cluster: TestCluster, host: string): string[] {
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

function versions(cluster: TestCluster): string[] {
  return cluster.hosts.map((h) => cluster.service(h.name, ['--version']).stdout.trim().split(' ').pop()!);
}

// the "done when": the route printed for 0.9.0 → 1.1.6, followed hop by hop with the runbooks it names
test('following the route runbook route prints for 0.9.0 → 1.1.6 with the shipped runbooks reaches 1.1.6 with every pin', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const printed = runCli(['route', '0.9.0', '1.1.6', '--format', 'json'], { cwd: cluster.dir });
  assert.equal(printed.status, 0, printed.stderr);
  const route = (JSON.parse(printed.stdout) as { route: Hop[] }).route;
  assert.deepEqual(route.map((h) => `${h.from}>${h.to}`), ['0.9.0>0.10.1', '0.10.1>1.1.6']);
  const pins = pinset(cluster, 'peer1');
  assert.equal(pins.length, 5);
  for (const hop of route) {
    const before = snapshotHosts(cluster.hosts);
    const extra = hop.runbook === 'upgrade-standard' ? ['-e', 'min_wait_for_leader_timeout=3'] : [];
    const result = runCli(['exec', hop.runbook, '-i', cluster.inventory, '-e', `target_version=${hop.to}`, ...extra, '--output', 'plain'],
      { cwd: cluster.dir, env: { NO_COLOR: '1' } });
    assert.equal(result.status, 0, `${hop.runbook} → ${hop.to}\n${result.stdout}${result.stderr}`);
    assert.deepEqual(versions(cluster), Array(3).fill(hop.to), `→ ${hop.to}`);
    for (const host of cluster.hosts) assert.deepEqual(pinset(cluster, host.name), pins, `${host.name} → ${hop.to}`);
    assert.deepEqual(unexpectedChanges(fileChanges(before, snapshotHosts(cluster.hosts)), UPGRADE_MAY_CHANGE), [], `→ ${hop.to}`);
  }
  assert.match(cluster.ctl('peer1', ['peers', 'ls']), /Sees 2 other peers/);
});
