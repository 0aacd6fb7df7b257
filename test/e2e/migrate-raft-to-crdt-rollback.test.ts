import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { fileChanges, snapshotHosts, unexpectedChanges } from '../helpers/host-files.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

function pinset(cluster: TestCluster, host: string): string[] {
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"cid": "(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

function journal(cluster: TestCluster): { type: string; host?: string; outcome?: string }[] {
  const runs = join(cluster.dir, '.runbook', 'runs');
  const last = readdirSync(runs).sort().at(-1)!;
  return readFileSync(join(runs, last, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
}

test('a migration whose peer crashes under CRDT puts every peer back on Raft: Raft config, READY, every pin', async () => {
  const cluster = await startCluster({ peers: 3, version: '1.1.6', consensus: 'raft' });
  const pins = pinset(cluster, 'peer1');
  cluster.fault('peer2', 'crash-at-start-crdt');
  const configs = cluster.hosts.map((h) => readFileSync(join(h.home, '.ipfs-cluster', 'service.json'), 'utf8'));
  const files = snapshotHosts(cluster.hosts);
  // the rollback restarts three Raft peers after the migration: more than runCli's minute under load
  const result = spawnSync(process.execPath, [CLI, 'exec', 'migrate-raft-to-crdt', '-i', cluster.inventory],
    { cwd: cluster.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.match(result.stdout, /panic: simulated crash at start/);
  assert.deepEqual(journal(cluster).filter((e) => e.type === 'host-status').map((e) => e.outcome), ['rolled-back', 'rolled-back', 'rolled-back']);
  cluster.hosts.forEach((h, i) => {
    assert.equal(readFileSync(join(h.home, '.ipfs-cluster', 'service.json'), 'utf8'), configs[i], `${h.name}: the Raft service.json, byte for byte`);
    assert.match(cluster.ctl(h.name, ['peers', 'ls']), /Sees 2 other peers/, h.name);
    assert.deepEqual(pinset(cluster, h.name), pins, h.name);
  });
  // left behind: the backups, and the CRDT datastore the run made, moved aside (nothing of the Raft state removed)
  const allowed = [/^added \.ipfs-cluster\/raft-config-[\w.-]+\/(service\.json|peerstore)$/, /^added ipfs-cluster-backup-[\w.-]+\.json$/,
    /^added \.ipfs-cluster\/pebble\.crdt-[\w.-]+\/(state\.json|marker\.format-version\.\d+\.\d+)$/, /^added \.ipfs-cluster\/raft\/snapshots\/[\w-]+\/(meta\.json|state\.bin)$/,
    /^modified \.ipfs-cluster\/raft\/raft\.db$/, /^(added|modified) \.ipfs-cluster\/peerstore$/];
  const changes = fileChanges(files, snapshotHosts(cluster.hosts));
  assert.deepEqual(unexpectedChanges(changes, allowed), []);
  assert.equal(changes.some((c) => c.change === 'removed'), false);
});
