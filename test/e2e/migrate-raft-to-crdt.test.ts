import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fileChanges, snapshotHosts, unexpectedChanges } from '../helpers/host-files.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

const HOSTS = ['peer1', 'peer2', 'peer3'];

function pinset(cluster: TestCluster, host: string): string[] {
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"cid": "(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

// every peer's status of every pin, as the cluster reports it: "<cid> <peername> <STATUS>" lines
function statuses(cluster: TestCluster, host: string): string[] {
  return cluster.ctl(host, ['status']).split(/\n(?=Qm)/).flatMap((block) => {
    const cid = block.slice(0, block.indexOf(':'));
    return [...block.matchAll(/> (\w+)\s+: (\w+)/g)].map((m) => `${cid} ${m[1]} ${m[2]}`);
  }).sort();
}

function consensusOf(cluster: TestCluster, host: string): string[] {
  const home = cluster.hosts.find((h) => h.name === host)!.home;
  return Object.keys((JSON.parse(readFileSync(join(home, '.ipfs-cluster', 'service.json'), 'utf8')) as { consensus: object }).consensus);
}

test('Raft → CRDT on 3 peers at 1.1.6: every peer on CRDT, READY, every pin with its status on every peer, only the expected files changed', async () => {
  const cluster = await startCluster({ peers: 3, version: '1.1.6', consensus: 'raft' });
  const [pins, status] = [pinset(cluster, 'peer1'), statuses(cluster, 'peer1')];
  assert.equal(pins.length, 5);
  assert.equal(status.length, 15);
  const files = snapshotHosts(cluster.hosts);
  const result = runCli(['exec', 'migrate-raft-to-crdt', '-i', cluster.inventory], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  for (const host of HOSTS) {
    assert.deepEqual(consensusOf(cluster, host), ['crdt'], host);
    assert.match(cluster.ctl(host, ['peers', 'ls']), /Sees 2 other peers/, host);
    assert.deepEqual(pinset(cluster, host), pins, host);
    assert.deepEqual(statuses(cluster, host), status, host);
    assert.equal(cluster.service(host, ['--version']).stdout.trim(), 'ipfs-cluster-service version 1.1.6');
  }
  // the migration's own changes: service.json, the new CRDT datastore, the backups; the Raft state only gains the
  // snapshot of the clean stop; identity.json and the binaries stay
  const allowed = [/^modified \.ipfs-cluster\/service\.json$/, /^added \.ipfs-cluster\/pebble\/(state\.json|marker\.format-version\.\d+\.\d+)$/,
    /^added \.ipfs-cluster\/raft-config-[\w.-]+\/(service\.json|peerstore)$/, /^added ipfs-cluster-backup-[\w.-]+\.json$/,
    /^added \.ipfs-cluster\/raft\/snapshots\/[\w-]+\/(meta\.json|state\.bin)$/, /^modified \.ipfs-cluster\/raft\/raft\.db$/,
    /^(added|modified) \.ipfs-cluster\/peerstore$/];
  assert.deepEqual(unexpectedChanges(fileChanges(files, snapshotHosts(cluster.hosts)), allowed), []);
  const backup = join(cluster.hosts[0]!.home, '.ipfs-cluster', readdirSync(join(cluster.hosts[0]!.home, '.ipfs-cluster')).find((f) => f.startsWith('raft-config-'))!);
  assert.deepEqual(Object.keys((JSON.parse(readFileSync(join(backup, 'service.json'), 'utf8')) as { consensus: object }).consensus), ['raft']);
  // a second run finds CRDT everywhere: nothing to do
  const again = runCli(['exec', 'migrate-raft-to-crdt', '-i', cluster.inventory], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(again.status, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /Nothing to do on a cluster that runs CRDT already/);
});
