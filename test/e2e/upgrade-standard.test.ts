import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fileChanges, ROLLBACK_MAY_CHANGE, snapshotHosts, unexpectedChanges, UPGRADE_MAY_CHANGE } from '../helpers/host-files.js';
import { executedSteps, plannedSteps } from '../helpers/plan-vs-run.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

function pinset(cluster: TestCluster, host: string): string[] {
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

function versions(cluster: TestCluster): string[] {
  return cluster.hosts.map((h) => cluster.service(h.name, ['--version']).stdout.trim());
}

function exec(cluster: TestCluster, target: string, ...extra: string[]) {
  return runCli(['exec', 'upgrade-standard', '-i', cluster.inventory, '-e', `target_version=${target}`, '-e', 'min_wait_for_leader_timeout=3', ...extra],
    { cwd: cluster.dir, env: { NO_COLOR: '1' } });
}

function journal(cluster: TestCluster): { type: string; host?: string; id?: string; outcome?: string }[] {
  const runs = join(cluster.dir, '.runbook', 'runs');
  const last = readdirSync(runs).sort().at(-1)!;
  return readFileSync(join(runs, last, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

test('standard upgrade 0.9.0 → 0.10.1 on 3 peers: new version, state format 5 → 6, every pin kept, backups fetched', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const before = pinset(cluster, 'peer1');
  assert.equal(cluster.service('peer1', ['state', 'version']).stdout.trim(), '5');
  const plan = runCli(['plan', 'upgrade-standard', '-i', cluster.inventory, '-e', 'target_version=0.10.1', '-e', 'min_wait_for_leader_timeout=3', '--format', 'json'], { cwd: cluster.dir });
  assert.equal(plan.status, 0, plan.stderr);
  const result = exec(cluster, '0.10.1');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.deepEqual(versions(cluster), Array(3).fill('ipfs-cluster-service version 0.10.1'));
  assert.equal(cluster.service('peer2', ['state', 'version']).stdout.trim(), '6');
  for (const host of ['peer1', 'peer2', 'peer3']) assert.deepEqual(pinset(cluster, host), before, host);
  const runDir = join(cluster.dir, '.runbook', 'runs', readdirSync(join(cluster.dir, '.runbook', 'runs')).sort().at(-1)!);
  for (const host of ['peer1', 'peer2', 'peer3']) assert.ok(readdirSync(join(runDir, 'fetched', host)).some((f) => f.startsWith('ipfs-cluster-backup-')), host);
  // what the plan said would run (or would be decided at run time) is what ran
  assert.deepEqual(executedSteps(cluster.dir), plannedSteps(plan.stdout));
});

test('standard upgrade 0.4.0 → 0.5.0 migrates state format 4 to 5 and keeps every pin', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.4.0' });
  const before = pinset(cluster, 'peer3');
  const result = exec(cluster, '0.5.0');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.deepEqual(versions(cluster), Array(3).fill('ipfs-cluster-service version 0.5.0'));
  assert.equal(cluster.service('peer1', ['state', 'version']).stdout.trim(), '5');
  assert.deepEqual(pinset(cluster, 'peer3'), before);
});

test('a hop that must pass through 0.10 (0.9.0 → 1.1.6) is refused with the route, and nothing changes', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const before = snapshotHosts(cluster.hosts);
  const result = exec(cluster, '1.1.6');
  assert.equal(result.status, 2);
  assert.deepEqual(fileChanges(before, snapshotHosts(cluster.hosts)), []);
  assert.match(result.stdout, /Upgrade to 0\.10\.1 first, then to 1\.1\.6/);
  assert.deepEqual(versions(cluster), Array(3).fill('ipfs-cluster-service version 0.9.0'));
  assert.match(cluster.ctl('peer1', ['peers', 'ls']), /Sees 2 other peers/);
  assert.equal(journal(cluster).some((e) => e.type === 'step-start' && /^[4-9]/.test(e.id ?? '')), false);
});

test('a peer whose new daemon never becomes READY rolls every peer back: old version, cluster READY, every pin kept', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const before = pinset(cluster, 'peer1');
  cluster.fault('peer2', 'never-ready@0.10.1');
  const files = snapshotHosts(cluster.hosts);
  const result = exec(cluster, '0.10.1');
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.deepEqual(journal(cluster).filter((e) => e.type === 'host-status').map((e) => e.outcome), ['rolled-back', 'rolled-back', 'rolled-back']);
  assert.deepEqual(versions(cluster), Array(3).fill('ipfs-cluster-service version 0.9.0'));
  for (const host of ['peer1', 'peer2', 'peer3']) {
    assert.match(cluster.ctl(host, ['peers', 'ls']), /Sees 2 other peers/, host);
    assert.deepEqual(pinset(cluster, host), before, host);
  }
  // back to the binaries and configuration it had; only the backups and the re-imported state differ
  const changes = fileChanges(files, snapshotHosts(cluster.hosts));
  assert.deepEqual(unexpectedChanges(changes, ROLLBACK_MAY_CHANGE), []);
});

test('a peer unreachable at preflight stops the upgrade before anything changes anywhere', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  // peer2's host cannot be reached: its folder is not where the inventory says
  writeFileSync(cluster.inventory, readFileSync(cluster.inventory, 'utf8').replace(/(peer2: \{[^}]*runbook_home: )(\S+),/, '$1$2-gone,'));
  const before = snapshotHosts(cluster.hosts);
  const result = exec(cluster, '0.10.1');
  assert.deepEqual(fileChanges(before, snapshotHosts(cluster.hosts)), []);
  assert.equal(result.status, 3, result.stdout + result.stderr);
  assert.match(result.stdout, /1 peer\(s\) could not be reached: nothing is changed until every peer can be/);
  assert.deepEqual(versions(cluster), Array(3).fill('ipfs-cluster-service version 0.9.0'));
  assert.match(cluster.ctl('peer1', ['peers', 'ls']), /Sees 2 other peers/);
  assert.equal(journal(cluster).some((e) => e.type === 'step-start' && /^4\./.test(e.id ?? '')), false);
});

test('standard upgrade 0.3.5 → 0.4.0 moves cluster.peers to the peerstore and drops the keys 0.4.0 refuses', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.3.5' });
  const before = pinset(cluster, 'peer2');
  const files = snapshotHosts(cluster.hosts);
  const result = exec(cluster, '0.4.0');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  // beyond an upgrade's own changes: service.json rewritten, with the .bak of the 0.3.x file beside it
  const migration = [/^modified \.ipfs-cluster\/service\.json$/, /^added \.ipfs-cluster\/service\.json\.bak$/, /^added \.ipfs-cluster\/(raft|peerstore)/,
    /^removed \.ipfs-cluster\/ipfs-cluster-data\//];
  assert.deepEqual(unexpectedChanges(fileChanges(files, snapshotHosts(cluster.hosts)), [...UPGRADE_MAY_CHANGE, ...migration]), []);
  assert.deepEqual(versions(cluster), Array(3).fill('ipfs-cluster-service version 0.4.0'));
  const config = join(cluster.hosts[0]!.home, '.ipfs-cluster');
  const cluster0 = (JSON.parse(readFileSync(join(config, 'service.json'), 'utf8')) as { cluster: Record<string, unknown> }).cluster;
  assert.deepEqual(['peers' in cluster0, 'bootstrap' in cluster0], [false, false]);
  assert.equal(readFileSync(join(config, 'peerstore'), 'utf8').trim().split('\n').length, 2);
  assert.ok(existsSync(join(config, 'raft')), 'the 0.3 state folder was renamed by 0.4.0');
  assert.match(readFileSync(join(config, 'service.json'), 'utf8'), /\}\n$/);
  assert.deepEqual(pinset(cluster, 'peer2'), before);
});

test('a 0.3.5 → 0.4.0 upgrade that fails puts service.json back as 0.3.5 wrote it and removes the peerstore it wrote', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.3.5' });
  const config = (h: { home: string }) => join(h.home, '.ipfs-cluster', 'service.json');
  const configs = cluster.hosts.map((h) => JSON.parse(readFileSync(config(h), 'utf8')) as { cluster: Record<string, unknown> });
  const files = snapshotHosts(cluster.hosts);
  cluster.fault('peer3', 'never-ready@0.4.0');
  const result = exec(cluster, '0.4.0');
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.deepEqual(versions(cluster), Array(3).fill('ipfs-cluster-service version 0.3.5'));
  cluster.hosts.forEach((h, i) => {
    // a clean stop of 0.3.5 writes the other peers into cluster.peers; the rest is the file as it was
    const after = JSON.parse(readFileSync(config(h), 'utf8')) as { cluster: { peers: string[] } };
    const others = cluster.hosts.filter((o) => o !== h).map((o) => o.address).sort();
    assert.deepEqual(after.cluster.peers.map((a) => /\/ip4\/([\d.]+)\//.exec(a)?.[1]).sort(), others, h.name);
    assert.deepEqual(after, { ...configs[i], cluster: { ...configs[i]!.cluster, peers: after.cluster.peers } }, h.name);
  });
  const changes = fileChanges(files, snapshotHosts(cluster.hosts));
  const releaseWrites = [/^modified \.ipfs-cluster\/service\.json$/];
  assert.deepEqual(unexpectedChanges(changes, [...UPGRADE_MAY_CHANGE.filter((p) => !/bin|peerstore/.test(p.source)), ...releaseWrites]), []);
});
