import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fileChanges, snapshotHosts } from '../helpers/host-files.js';
import { startCluster } from '../helpers/sim-cluster.js';

const ROUTE_REFUSAL = '0.9.0 → 1.1.6 is not a supported hop for upgrade-standard: 1.1.6 cannot read a state older than 0.10.0\'s format (6), '
  + 'and 0.9.0 writes format 5. The route: 0.9.0 → 0.10.1 (upgrade-standard) → 1.1.6 (upgrade-standard). Upgrade to 0.10.1 first, then to 1.1.6.';

/** Output with its wrapping undone: the plan and the run wrap long messages at 120 columns. */
const unwrapped = (text: string) => text.replace(/\s*\n\s*/g, ' ');

test('upgrade-standard asked 0.9.0 → 1.1.6 refuses in preflight with the route (plan and exec exit 2), and no host file changes', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const before = snapshotHosts(cluster.hosts);
  const args = ['upgrade-standard', '-i', cluster.inventory, '-e', 'target_version=1.1.6', '-e', 'min_wait_for_leader_timeout=3'];
  const plan = runCli(['plan', ...args], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(plan.status, 2, plan.stdout + plan.stderr);
  assert.ok(unwrapped(plan.stdout).includes(ROUTE_REFUSAL), plan.stdout);
  assert.match(plan.stdout, /The upgrade route allows this hop for this runbook/);
  const json = runCli(['plan', ...args, '--format', 'json'], { cwd: cluster.dir });
  const steps = JSON.stringify(JSON.parse(json.stdout));
  assert.ok(steps.includes(JSON.stringify(ROUTE_REFUSAL).slice(1, -1)), 'the JSON plan carries the refusal');
  const exec = runCli(['exec', ...args, '--output', 'plain'], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(exec.status, 2, exec.stdout + exec.stderr);
  assert.ok(unwrapped(exec.stdout + exec.stderr).includes(ROUTE_REFUSAL), exec.stdout + exec.stderr);
  assert.deepEqual(fileChanges(before, snapshotHosts(cluster.hosts)), []);
  for (const host of cluster.hosts) assert.equal(cluster.service(host.name, ['--version']).stdout.trim(), 'ipfs-cluster-service version 0.9.0');
  assert.match(cluster.ctl('peer1', ['peers', 'ls']), /Sees 2 other peers/);
});

test('disaster-recovery asked 0.9.0 → 1.1.6 refuses with the route before any daemon stops (plan and exec exit 2), and no host file changes', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const before = snapshotHosts(cluster.hosts);
  const args = ['disaster-recovery', '-i', cluster.inventory, '-e', 'target_version=1.1.6', '-e', 'state_peer=peer1'];
  const refusal = ROUTE_REFUSAL.replace('for upgrade-standard', 'for disaster-recovery');
  const plan = runCli(['plan', ...args], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(plan.status, 2, plan.stdout + plan.stderr);
  assert.ok(unwrapped(plan.stdout).includes(refusal), plan.stdout);
  const exec = runCli(['exec', ...args, '--output', 'plain'], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(exec.status, 2, exec.stdout + exec.stderr);
  assert.ok(unwrapped(exec.stdout + exec.stderr).includes(refusal), exec.stdout + exec.stderr);
  assert.doesNotMatch(exec.stdout, /Stop every daemon that still runs/, 'no daemon is stopped');
  assert.deepEqual(fileChanges(before, snapshotHosts(cluster.hosts)), []);
  assert.match(cluster.ctl('peer1', ['peers', 'ls']), /Sees 2 other peers/);
});
