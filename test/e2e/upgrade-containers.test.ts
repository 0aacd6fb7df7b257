import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { startContainerCluster, type ContainerCluster } from '../helpers/container-cluster.js';
import { fileChanges, ROLLBACK_MAY_CHANGE, snapshotHosts, unexpectedChanges, UPGRADE_MAY_CHANGE } from '../helpers/host-files.js';

// Peers that run as containers of the (simulated) ipfs/ipfs-cluster image, driven by the commands of
// inventories/example-docker.yml: install = docker pull + tag, start = a new container through the image's
// entrypoint, stop = docker stop, ipfs-cluster-service = a one-shot `docker run --rm`. No host has a binary of its own.

const PEERS = ['peer1', 'peer2', 'peer3'];

function exec(cluster: ContainerCluster, target: string) {
  const result = spawnSync(process.execPath, [CLI, 'exec', 'upgrade-standard', '-i', cluster.inventory, '-e', `target_version=${target}`,
    '-e', 'min_wait_for_leader_timeout=3'], { cwd: cluster.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** What each host's container runs: its image's release (from the version it prints) and whether it runs. */
function containers(cluster: ContainerCluster): string[] {
  return PEERS.map((host) => {
    const state = cluster.docker(host, ['inspect', '-f', '{{.State.Status}} {{.Config.Image}}', 'ipfs-cluster']).stdout.trim();
    const version = cluster.docker(host, ['exec', 'ipfs-cluster', 'ipfs-cluster-service', '--version']).stdout.trim();
    return `${state} ${version.replace(/\+git\w+$/, '')}`;
  });
}

function journal(cluster: ContainerCluster): { type: string; host?: string; outcome?: string; id?: string }[] {
  const runs = join(cluster.dir, '.runbook', 'runs');
  return readFileSync(join(runs, readdirSync(runs).sort().at(-1)!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

test('container peers 0.10.1 → 1.0.8 with upgrade-standard: new image on every peer, every pin kept, backups fetched', async () => {
  const cluster = startContainerCluster({ peers: 3, version: '0.10.1', pins: 5 });
  const before = cluster.pinset('peer1');
  assert.equal(before.length, 5);
  assert.deepEqual(containers(cluster), Array(3).fill('running ipfs-cluster:current ipfs-cluster-service version 0.10.1'));
  const files = snapshotHosts(cluster.hosts);
  const result = exec(cluster, '1.0.8');
  assert.equal(result.status, 0, result.output);
  assert.deepEqual(containers(cluster), Array(3).fill('running ipfs-cluster:current ipfs-cluster-service version 1.0.8'));
  for (const host of PEERS) {
    assert.deepEqual(cluster.pinset(host), before, host);
    assert.match(cluster.run(host, 'ipfs-cluster-ctl peers ls').stdout, /Sees 2 other peers/, host);
    // the one-shot state export ran in a container and landed in the login folder, where the runbook fetched it
    const fetched = join(cluster.dir, '.runbook', 'runs', readdirSync(join(cluster.dir, '.runbook', 'runs')).sort().at(-1)!, 'fetched', host);
    assert.equal(readdirSync(fetched).filter((f) => f.startsWith('ipfs-cluster-backup-')).length, 1, host);
  }
  // the old container was replaced, not left beside the new one; both images are on the host
  assert.equal(cluster.docker('peer2', ['ps', '-a', '-q']).stdout.trim().split('\n').length, 1);
  assert.match(cluster.docker('peer2', ['images']).stdout, /ipfs\/ipfs-cluster\s+v0\.10\.1[\s\S]*ipfs\/ipfs-cluster\s+v1\.0\.8/);
  // on the hosts' files: the state migrated, the identity extracted, the backup; nothing else
  assert.deepEqual(unexpectedChanges(fileChanges(files, snapshotHosts(cluster.hosts)), UPGRADE_MAY_CHANGE), []);
  // the facts read the version through the one-shot container: a second run has nothing to do
  const again = exec(cluster, '1.0.8');
  assert.equal(again.status, 0, again.output);
  assert.equal(journal(cluster).some((e) => e.type === 'step-start' && /^4\./.test(e.id ?? '')), false);
});

test('container peers: a new daemon that never gets READY rolls every peer back to its old image with every pin', async () => {
  const cluster = startContainerCluster({ peers: 3, version: '0.10.1', pins: 5 });
  const before = cluster.pinset('peer1');
  writeFileSync(join(cluster.hosts[1]!.home, '.sim', 'faults'), 'never-ready@1.0.8\n');
  const files = snapshotHosts(cluster.hosts);
  const result = exec(cluster, '1.0.8');
  assert.equal(result.status, 2, result.output);
  assert.match(result.output, /peer2 4\.5 Start with --upgrade [^\n]* failed: exit code 1:[\s\S]*consensus start timed out[\s\S]*ipfs-cluster exited before READY/);
  assert.deepEqual(journal(cluster).filter((e) => e.type === 'host-status').map((e) => e.outcome), ['rolled-back', 'rolled-back', 'rolled-back']);
  assert.deepEqual(containers(cluster), Array(3).fill('running ipfs-cluster:current ipfs-cluster-service version 0.10.1'));
  for (const host of PEERS) {
    assert.match(cluster.run(host, 'ipfs-cluster-ctl peers ls').stdout, /Sees 2 other peers/, host);
    assert.deepEqual(cluster.pinset(host), before, host);
  }
  // the config folders hold the old release's files again: the state re-imported, no identity.json left behind
  assert.deepEqual(unexpectedChanges(fileChanges(files, snapshotHosts(cluster.hosts)), ROLLBACK_MAY_CHANGE), []);
});

test('container peers: a docker pull that fails on one peer restarts every old container, nothing else changes', async () => {
  const cluster = startContainerCluster({ peers: 3, version: '0.10.1', pins: 3 });
  const before = cluster.pinset('peer3');
  const files = snapshotHosts(cluster.hosts);
  // a release the route data does not list (say 1.0.9) is refused at preflight: a pull that fails midway is the case here
  writeFileSync(join(cluster.hosts[1]!.home, '.sim', 'faults'), 'install-fails@1.0.8\n');
  const result = exec(cluster, '1.0.8');
  assert.equal(result.status, 2, result.output);
  assert.match(result.output, /peer2 4\.3 Install the new binaries [^\n]* failed: [\s\S]*Client\.Timeout exceeded while awaiting headers/);
  assert.deepEqual(containers(cluster), Array(3).fill('running ipfs-cluster:current ipfs-cluster-service version 0.10.1'));
  for (const host of PEERS) assert.deepEqual(cluster.pinset(host), before, host);
  assert.deepEqual(unexpectedChanges(fileChanges(files, snapshotHosts(cluster.hosts)), ROLLBACK_MAY_CHANGE), []);
});
