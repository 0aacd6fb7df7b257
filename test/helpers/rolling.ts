import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonValues } from '../../engine/core/index.js';
import { CLI, type CliResult } from './cli.js';
import { fileChanges, snapshotHosts, unexpectedChanges, type HostFiles } from './host-files.js';
import type { TestCluster } from './sim-cluster.js';

/** Runs `runbook ARGS` in the cluster's folder, allowing a whole rolling upgrade (minutes under load). */
export function runLong(cluster: TestCluster, args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: cluster.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 900_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `runbook exec upgrade-rolling` to 1.1.6 with short gates (soak 2 s), plus `extra` options. */
export function execRolling(cluster: TestCluster, ...extra: string[]): CliResult {
  return runLong(cluster, ['exec', 'upgrade-rolling', '-i', cluster.inventory, '-e', 'target_version=1.1.6',
    '-e', 'soak_seconds=2', '-e', 'soak_interval=1', '-e', 'replay_free_disk_mb=1', ...extra]);
}

/** One journal event of the newest run. */
export interface JournalEvent { readonly type: string; readonly host?: string; readonly id?: string; readonly name?: string;
  readonly outcome?: string; readonly status?: string; readonly hosts?: string[] }

/** The events of the newest run's journal. */
export function journal(cluster: TestCluster): JournalEvent[] {
  const runs = join(cluster.dir, '.runbook', 'runs');
  const last = readdirSync(runs).sort().at(-1)!;
  return readFileSync(join(runs, last, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEvent);
}

/** `ipfs-cluster-service --version` of every host. */
export function versions(cluster: TestCluster): string[] {
  return cluster.hosts.map((h) => cluster.service(h.name, ['--version']).stdout.trim());
}

/** Every pin's status on every peer as `host` answers `status`: `<cid> <peer ID> <status>` lines, sorted. */
export function statusLines(cluster: TestCluster, host: string): string[] {
  const pins = parseJsonValues(cluster.ctl(host, ['--enc', 'json', 'status'])) as { cid: string; peer_map: Record<string, { status: string }> }[];
  return pins.flatMap((p) => Object.entries(p.peer_map).map(([peer, s]) => `${p.cid} ${peer} ${s.status}`)).sort();
}

/** The peer ID each host's daemon answers with. */
export function peerIds(cluster: TestCluster): string[] {
  return cluster.hosts.map((h) => (parseJsonValues(cluster.ctl(h.name, ['--enc', 'json', 'id']))[0] as { id: string }).id);
}

/** The CIDs `host` lists, sorted. */
export function pinset(cluster: TestCluster, host: string): string[] {
  return (parseJsonValues(cluster.ctl(host, ['--enc', 'json', 'pin', 'ls'])) as { cid: string | { '/': string } }[])
    .map((p) => (typeof p.cid === 'string' ? p.cid : p.cid['/'])).sort();
}

/** What a test compares after a run: pins, statuses, peer IDs, files and daemon pids of every peer. */
export interface ClusterBefore {
  readonly pins: string[]; readonly status: string[]; readonly ids: string[];
  readonly files: ReadonlyMap<string, HostFiles>; readonly pids: string[];
}

/** The daemon pid each host's simulator recorded (a restarted daemon has another). */
export function daemonPids(cluster: TestCluster): string[] {
  return cluster.hosts.map((h) => readFileSync(join(h.home, '.sim', 'daemon.pid'), 'utf8').trim());
}

/** Pins, statuses, peer IDs, files and daemon pids of the cluster now. */
export function recordCluster(cluster: TestCluster): ClusterBefore {
  return { pins: pinset(cluster, 'peer1'), status: statusLines(cluster, 'peer1'), ids: peerIds(cluster), files: snapshotHosts(cluster.hosts),
    pids: daemonPids(cluster) };
}

/**
 * A canary that failed its gate was put back and nothing else was touched: every peer at 1.0.8 with its pins, statuses
 * and peer ID as before; the canary's files as before but for the backup export and the peerstore its clean stop
 * wrote; the other peers' files identical, their daemons never stopped, no step of the roll-out run on them.
 */
export function assertOnlyCanaryRolledBack(cluster: TestCluster, before: ClusterBefore, result: CliResult, canary: string): void {
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.deepEqual(versions(cluster), Array(cluster.hosts.length).fill('ipfs-cluster-service version 1.0.8'), result.stdout);
  for (const host of cluster.hosts.map((h) => h.name)) {
    assert.deepEqual(pinset(cluster, host), before.pins, host);
    assert.deepEqual(statusLines(cluster, host), before.status, host);
  }
  assert.deepEqual(peerIds(cluster), before.ids);
  const changes = fileChanges(before.files, snapshotHosts(cluster.hosts));
  assert.deepEqual(unexpectedChanges(changes.filter((c) => c.host === canary), [/^added ipfs-cluster-backup-[\w.-]+\.json$/, /^modified \.ipfs-cluster\/peerstore$/]), []);
  assert.deepEqual(changes.filter((c) => c.host !== canary), []);
  const pids = daemonPids(cluster);
  cluster.hosts.forEach((h, i) => { if (h.name !== canary) assert.equal(pids[i], before.pids[i], `${h.name}'s daemon was not restarted`); });
  const events = journal(cluster);
  assert.deepEqual([...new Set(events.filter((e) => e.type === 'step-start' && /^2\./.test(e.id ?? '')).map((e) => e.host))], [canary]);
  assert.deepEqual(events.filter((e) => e.type === 'host-status' && e.outcome === 'rolled-back').map((e) => e.host), [canary]);
}
