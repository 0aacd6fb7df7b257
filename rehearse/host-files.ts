import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file of a host that an upgrade may touch, by path relative to its home: a digest of its content. */
export type HostFiles = ReadonlyMap<string, string>;

/** One difference between two snapshots of a host's files. */
export interface FileChange {
  readonly host: string;
  readonly path: string;
  readonly change: 'added' | 'removed' | 'modified';
}

// Everything in a host's home but the simulator's own bookkeeping (daemon log, pid, faults).
const IGNORED = new Set(['.sim']);

function walk(home: string, relative: string, into: Map<string, string>): void {
  const path = join(home, relative);
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) if (relative || !IGNORED.has(name)) walk(home, relative ? `${relative}/${name}` : name, into);
    return;
  }
  into.set(relative, createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16));
}

/** A snapshot of one host's files: configuration, identity, peerstore, state folders, backups, binaries, anything else. */
export function snapshotHost(home: string): HostFiles {
  const files = new Map<string, string>();
  walk(home, '', files);
  return files;
}

/** Snapshots of every host, by host name. */
export function snapshotHosts(hosts: readonly { readonly name: string; readonly home: string }[]): ReadonlyMap<string, HostFiles> {
  return new Map(hosts.map((h) => [h.name, snapshotHost(h.home)]));
}

/** What changed from one snapshot of every host to another, host by host, path by path, in order. */
export function fileChanges(before: ReadonlyMap<string, HostFiles>, after: ReadonlyMap<string, HostFiles>): FileChange[] {
  const changes: FileChange[] = [];
  for (const [host, was] of before) {
    const now = after.get(host) ?? new Map<string, string>();
    for (const path of [...new Set([...was.keys(), ...now.keys()])].sort()) {
      const change = !was.has(path) ? 'added' : !now.has(path) ? 'removed' : was.get(path) !== now.get(path) ? 'modified' : undefined;
      if (change) changes.push({ host, path, change });
    }
  }
  return changes;
}

/**
 * The changes no pattern allows, as `host change path` lines (empty when every change was expected).
 * A pattern is matched against `change path`, e.g. /^modified bin\/ipfs-cluster-service$/.
 */
export function unexpectedChanges(changes: readonly FileChange[], allowed: readonly RegExp[]): string[] {
  return changes.map((c) => `${c.change} ${c.path}`).map((line, i) => [changes[i]!.host, line] as const)
    .filter(([, line]) => !allowed.some((pattern) => pattern.test(line))).map(([host, line]) => `${host} ${line}`);
}

/**
 * What an upgrade of IPFS Cluster may change on a peer, and nothing else: the release's binaries, the
 * state folder (migrated, snapshotted), its `.old.N` copies, the peerstore (a clean stop writes it), the
 * lock, and the backup the runbook exports. service.json and identity.json are not among them.
 */
export const UPGRADE_MAY_CHANGE: readonly RegExp[] = [
  /^modified bin\/ipfs-cluster-(service|ctl)$/,
  /^(added|modified|removed) \.ipfs-cluster\/(raft|ipfs-cluster-data)\//,
  /^added \.ipfs-cluster\/(raft|ipfs-cluster-data)\.old\.\d+\//,
  /^(added|modified) \.ipfs-cluster\/peerstore$/,
  /^(added|removed) \.ipfs-cluster\/cluster\.lock$/,
  /^added ipfs-cluster-backup-[\w.-]+\.json$/,
  // 0.11+ extracts the identity from service.json on first load when identity.json is missing (v0.11.0
  // cmdutils/configs.go:79-99); an undo removes it again
  /^added \.ipfs-cluster\/identity\.json$/,
];

/** What a rolled-back upgrade may leave changed: the state (re-imported), the backups; not binaries, not identity.json. */
export const ROLLBACK_MAY_CHANGE: readonly RegExp[] = UPGRADE_MAY_CHANGE.filter((p) => !/bin|identity/.test(p.source));
