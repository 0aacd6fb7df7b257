import semver from 'semver';

/** The releases the simulator plays, oldest first. There is no v0.9.1 tag upstream. */
export const SUPPORTED_VERSIONS = ['0.3.5', '0.4.0', '0.5.0', '0.6.0', '0.7.0', '0.8.0', '0.9.0', '0.10.0', '0.10.1',
  '0.11.0', '1.0.0', '1.1.6'] as const;

/** Everything that differs between releases, as data. One row per release, resolved from the range table below. */
export interface VersionSpec {
  readonly version: string;
  /** mapstate format the binary writes and expects; null = datastore state (v0.11+), no check. */
  readonly stateFormat: number | null;
  readonly rpcProtocol: string;
  readonly raftFolder: 'ipfs-cluster-data' | 'raft';
  /** v0.4.0–v0.9.x rename a leftover `ipfs-cluster-data` to `raft` at start. */
  readonly renamesLegacyFolder: boolean;
  /** null = fixed 5 (v0.3.x); otherwise `consensus.raft.backups_rotate` with this default. */
  readonly backupsRotateDefault: number | null;
  /** Where `state import/cleanup` read their force flag. */
  readonly forceFlag: 'global' | 'local';
  readonly initOnExisting: 'exists-error' | 'prompt-rotate' | 'prompt-overwrite';
  /** v0.3.x: a bare command runs the daemon; later it prints help and exits 1. */
  readonly isBareDaemon: boolean;
  readonly lockStyle: 'v0.3' | 'v0.4' | 'v0.11' | 'v0.13';
  readonly outdatedHint: string;
  readonly exportFormat: 'array' | 'ndjson';
  readonly importCleansFirst: boolean;
  readonly stateSubcommands: readonly string[];
  readonly importPrompt: string;
  readonly cleanupPrompt: string;
  readonly stdinNotice: 'log' | 'stdout';
  readonly cleanupDoing: string;
  /** v0.3.x `daemon --upgrade` with no snapshot fails (#394/#395). */
  readonly upgradeNeedsSnapshot: boolean;
  /** v0.3.x waits 2 × wait_for_leader_timeout and fails bootstrap at once; later + 5 s, then shuts down with exit 0. */
  readonly readyTimeoutRule: 'double' | 'plus5s';
  readonly bootstrapFlag: 'global-single' | 'daemon-repeat' | 'daemon-comma';
  readonly hasConfigPeers: boolean;
  readonly hasIdentityJson: boolean;
  readonly hasPeerstore: boolean;
  readonly addrProtocol: 'ipfs' | 'p2p';
  readonly removedLog: 'removed-from-raft' | 'no-longer-in-peerset';
  readonly initDefaultConsensus: 'raft' | 'crdt';
  readonly crdtDatastore: 'badger' | 'pebble' | null;
  readonly ctlVersionKey: 'Version' | 'version';
  readonly ctlUsageExit: 0 | 1;
  readonly ctlPeersJson: 'array' | 'stream';
  readonly ctlListFormat: 'v0' | 'v1';
  /** Config sections this release writes in `init`. */
  readonly configEra: number;
  /** v0.10+: `CLUSTER_<COMPONENT>_<KEY>` environment variables override config values. */
  readonly hasEnvOverrides: boolean;
}

type Rows<T> = readonly (readonly [range: string, value: T])[];

// Each fact as ranges, first match wins (reference §1–§5 with the source check's corrections).
const FACTS: { readonly [K in Exclude<keyof VersionSpec, 'version' | 'rpcProtocol'>]: Rows<VersionSpec[K]> } = {
  stateFormat: [['<0.5.0', 4], ['<0.10.0', 5], ['<0.11.0', 6], ['*', null]],
  raftFolder: [['<0.4.0', 'ipfs-cluster-data'], ['*', 'raft']],
  renamesLegacyFolder: [['>=0.4.0 <0.10.0', true], ['*', false]],
  backupsRotateDefault: [['<0.4.0', null], ['*', 6]],
  forceFlag: [['<0.7.0', 'global'], ['*', 'local']],
  initOnExisting: [['<0.7.0', 'exists-error'], ['<0.11.0', 'prompt-rotate'], ['*', 'prompt-overwrite']],
  isBareDaemon: [['<0.4.0', true], ['*', false]],
  lockStyle: [['<0.4.0', 'v0.3'], ['<0.11.0', 'v0.4'], ['<0.13.0', 'v0.11'], ['*', 'v0.13']],
  outdatedHint: [['<0.10.0', 'Hint, the default is .ipfs-cluster/ipfs-cluster-data.'],
    ['*', 'Hint: the default is .ipfs-cluster/raft.']],
  exportFormat: [['<0.11.0', 'array'], ['*', 'ndjson']],
  importCleansFirst: [['<0.11.0', false], ['*', true]],
  stateSubcommands: [['<0.11.0', ['version', 'upgrade', 'export', 'import', 'cleanup']],
    ['<1.0.0', ['export', 'import', 'cleanup']], ['*', ['export', 'import', 'cleanup', 'crdt']]],
  importPrompt: [['<0.11.0', 'The peer\'s state will be replaced.  Run with -h for details.  Continue? [y/n]:'],
    ['*', 'The pinset (state) of this peer will be replaced. Continue? [y/n]:']],
  cleanupPrompt: [
    ['<0.7.0', 'The peer\'s state will be removed from the load path.  Existing pins may be lost.  Continue? [y/n]:'],
    ['<0.11.0', 'The peer\'s state will be removed from the load path.  Existing pins may be lost. Continue? [y/n]:'],
    ['*', 'The peer state will be removed.  Existing pins may be lost. Continue? [y/n]:']],
  stdinNotice: [['<0.11.0', 'log'], ['*', 'stdout']],
  cleanupDoing: [['<0.11.0', 'Cleaning up consensus data'], ['*', 'cleaning state']],
  upgradeNeedsSnapshot: [['<0.4.0', true], ['*', false]],
  readyTimeoutRule: [['<0.4.0', 'double'], ['*', 'plus5s']],
  bootstrapFlag: [['<0.4.0', 'global-single'], ['<0.11.0', 'daemon-repeat'], ['*', 'daemon-comma']],
  hasConfigPeers: [['<0.4.0', true], ['*', false]],
  hasIdentityJson: [['<0.11.0', false], ['*', true]],
  hasPeerstore: [['<0.4.0', false], ['*', true]],
  addrProtocol: [['<1.0.0', 'ipfs'], ['*', 'p2p']],
  removedLog: [['<0.11.0', 'removed-from-raft'], ['*', 'no-longer-in-peerset']],
  initDefaultConsensus: [['<0.11.0', 'raft'], ['*', 'crdt']],
  crdtDatastore: [['<0.11.0', null], ['<1.0.8', 'badger'], ['*', 'pebble']],
  ctlVersionKey: [['<0.10.1', 'Version'], ['*', 'version']],
  ctlUsageExit: [['<1.0.0', 0], ['*', 1]],
  ctlPeersJson: [['<0.11.0', 'array'], ['*', 'stream']],
  ctlListFormat: [['<0.11.0', 'v0'], ['*', 'v1']],
  hasEnvOverrides: [['<0.10.0', false], ['*', true]],
  configEra: [['<0.4.0', 3], ['<0.5.0', 4], ['<0.8.0', 5], ['<0.9.0', 8], ['<0.11.0', 9], ['<1.0.0', 11], ['*', 100]],
};

/** RPC protocol ID (§5.2): exact ≤0.5, major.minor 0.6–0.12, fixed 0.12 for 0.13–0.14, fixed 1.0 from v1. */
export function rpcProtocolOf(version: string): string {
  const v = semver.parse(version);
  if (!v) throw new Error(`not a version: ${version}`);
  if (semver.lt(v, '0.6.0')) return `/ipfscluster/${v.major}.${v.minor}.${v.patch}/rpc`;
  if (semver.lt(v, '0.13.0')) return `/ipfscluster/${v.major}.${v.minor}/rpc`;
  if (semver.lt(v, '1.0.0')) return '/ipfscluster/0.12/rpc';
  return '/ipfscluster/1.0/rpc';
}

function pick<T>(rows: Rows<T>, version: string): T {
  const row = rows.find(([range]) => semver.satisfies(version, range));
  if (!row) throw new Error(`no rule for ${version}`);
  return row[1];
}

/** The behaviour table row for `version`; throws for a release the simulator does not play. */
export function specFor(version: string): VersionSpec {
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(`unsupported version ${version} (supported: ${SUPPORTED_VERSIONS.join(', ')})`);
  }
  const entries = Object.entries(FACTS).map(([key, rows]) => [key, pick(rows as Rows<unknown>, version)]);
  return { ...Object.fromEntries(entries), version, rpcProtocol: rpcProtocolOf(version) } as VersionSpec;
}

/** True when `version` is one the simulator plays. */
export function isSupported(version: string): boolean {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(version);
}
