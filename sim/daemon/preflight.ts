import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { hasFlag } from '../core/args.js';
import type { LoadedConfig } from '../core/config.js';
import { fatal, log } from '../core/log.js';
import { parseMultiaddr } from '../core/multiaddr.js';
import { cleanupRaft, readLatestSnapshot, writeSnapshot } from '../core/state.js';
import type { Invocation } from '../service/invocation.js';
import { raftFolderOf, snapshotPeers, writtenFormat } from '../service/state-commands.js';

/** The daemon options, wherever the release reads them from (v0.3.x: global flags). */
export interface DaemonFlags {
  readonly upgrade: boolean; readonly bootstrap: readonly string[]; readonly leave: boolean; readonly noTrust: boolean;
}

/** Reads and checks the daemon flags; a bad bootstrap address exits 1 with the release's message. */
export function daemonFlags(inv: Invocation): DaemonFlags {
  // v0.3.x reads the daemon options as global flags (its bare command is the daemon); the sim also takes them after `daemon`.
  const sources = inv.spec.isBareDaemon ? [inv.globals, inv.local] : [inv.local];
  const raw = sources.flatMap((p) => p.flags.get('bootstrap') ?? []);
  const values = inv.spec.bootstrapFlag === 'daemon-comma' ? raw.flatMap((v) => v.split(',')).filter(Boolean)
    : inv.spec.bootstrapFlag === 'global-single' ? raw.slice(-1) : raw;
  for (const value of values) {
    if (parseMultiaddr(value)) continue;
    // cli v1 StringSlice does not split commas before v0.11, and checkErr formats the doing string with the slice.
    const doing = inv.spec.bootstrapFlag === 'daemon-repeat' ? `error parsing bootstrap multiaddress ([${value}])` : 'parsing bootstrap multiaddress';
    fatal(doing, `failed to parse multiaddr "${value}": invalid value "${value.split('/').slice(-1)[0]}" for protocol`);
  }
  return { upgrade: sources.some((p) => hasFlag(p, 'upgrade')), bootstrap: values, leave: sources.some((p) => hasFlag(p, 'leave')),
    noTrust: sources.some((p) => hasFlag(p, 'no-trust')) };
}

/** `daemon --upgrade` (v0.3.3–v0.10.x): migrate before starting; no snapshot fails only in v0.3.x. */
export function upgradeBeforeStart(inv: Invocation, config: LoadedConfig): void {
  if (inv.spec.stateFormat === null || config.consensus !== 'raft') return;
  const folder = raftFolderOf(inv, config);
  const snap = readLatestSnapshot(folder);
  if (!snap) {
    if (inv.spec.upgradeNeedsSnapshot) fatal('upgrading state', 'no snapshot found');
    return;
  }
  if (snap.format === inv.spec.stateFormat) { log('WARNING', 'service', 'Skipping migration of up-to-date state'); return; }
  if (snap.format > inv.spec.stateFormat) fatal('upgrading state', `unsupported state version ${snap.format}`);
  cleanupRaft(folder, config.backupsRotate, inv.spec.backupsRotateDefault === null);
  try {
    writeSnapshot(folder, { format: writtenFormat(inv.spec), pins: snap.pins, peers: snap.peers.length ? snap.peers : snapshotPeers(inv, config),
      term: snap.term, index: snap.index }, inv.host.faults.has('disk-full'));
  } catch (error) {
    fatal('upgrading state', (error as Error).message);
  }
}

/** v0.4.0–v0.9.x rename a leftover `ipfs-cluster-data` folder to `raft` at start. */
export function renameLegacyFolder(inv: Invocation, config: LoadedConfig): void {
  const legacy = join(inv.folder, 'ipfs-cluster-data');
  const current = raftFolderOf(inv, config);
  if (inv.spec.renamesLegacyFolder && existsSync(legacy) && !existsSync(current)) {
    log('INFO', 'raft', `renaming ${legacy} to ${current}`);
    renameSync(legacy, current);
  }
}

const BANG = '!'.repeat(47);

/** Refuses a snapshot whose format is not this binary's: the banner, then exit 1 (v0.3.1–v0.10.x). */
export function validateVersion(inv: Invocation, config: LoadedConfig): void {
  if (config.consensus !== 'raft') return;
  const snap = readLatestSnapshot(raftFolderOf(inv, config));
  if (!snap) return;
  if (inv.spec.stateFormat === null) {
    if (snap.format < 6) fatal('starting consensus', `unsupported state version ${snap.format}: upgrade to 0.10.x first`);
    return;
  }
  if (snap.format === inv.spec.stateFormat) return;
  for (const line of [BANG, 'Out of date ipfs-cluster state is saved.', 'To migrate to the new version, run ipfs-cluster-service state upgrade.',
    'To launch a node without this state, rename the consensus data directory.', inv.spec.outdatedHint, BANG]) {
    log('ERROR', 'service', line);
  }
  fatal('validating version', 'outdated state version stored');
}

/** The tips banner printed when the consensus does not start in time. */
export function timeoutBanner(isLegacy: boolean): string[] {
  const tips = ['**************************************************', 'This peer was not able to become part of the cluster.',
    'This might be due to one or several causes:',
    ...(isLegacy ? [] : ['  - Check the logs above this message for errors']),
    '  - Check that there is connectivity to the "peers" multiaddresses',
    '  - Check that all cluster peers are using the same "secret"',
    '  - Check that this peer is reachable on its "listen_multiaddress" by all peers',
    '  - Check that the current cluster is healthy (has a leader). Otherwise make',
    '    sure to start enough peers so that a leader election can happen.',
    ...(isLegacy ? [] : ['  - Check that the peer(s) you are trying to connect to is running the', '    same version of IPFS-cluster.']),
    '**************************************************'];
  return ['***** ipfs-cluster consensus start timed out (tips below) *****', ...tips];
}
