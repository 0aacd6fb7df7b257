import semver from 'semver';

/** The releases the simulator plays, oldest first. There is no v0.9.1 tag upstream. */
export const SUPPORTED_VERSIONS = ['0.3.5', '0.4.0', '0.5.0', '0.6.0', '0.7.0', '0.8.0', '0.9.0', '0.10.0', '0.10.1',
  '0.11.0', '0.12.1', '0.13.3', '0.14.5', '1.0.0', '1.0.8', '1.1.2', '1.1.4', '1.1.5', '1.1.6'] as const;

/** The commit each release tag points at: the Docker images are built from the tag with `-X main.commit=<HEAD>`. */
const TAG_COMMITS: Readonly<Record<string, string>> = {
  '0.3.5': 'ed55daf2c6401ce656fdc470b3a9e06f4d145c63', '0.4.0': '0889302c8d71627ccfa23ebd66e8a5dcef75b56e',
  '0.5.0': '2f417eb63281e53ab8273189fac20ac70267287b', '0.6.0': 'd327155c6500a94f434b9d446521371d0bd7479b',
  '0.7.0': '7e1ddd90a7afa3b1eb35ec3126d4dda83f0be13e', '0.8.0': 'c37beea1ae0236a7a97b5928f1ea5bc3b5b15e80',
  '0.9.0': '6509dfff56620bdd2a7ff25ab8179d0c824cd371', '0.10.0': 'f944f44e6ff409de53fe5c5fe87fd2b6091b6b78',
  '0.10.1': '0f9ce4807cc330f010bed6397f8670d0512f3b29',
  '0.11.0': '3c4859c74ca7093bae2a175e1a8f1406d6002e28', '0.12.1': '3cdcb44af27759cb93999eaadd94fe44b6a910f6',
  '0.13.3': 'dd87dba323dd5372d1443c7badd95ad6e20f7874', '0.14.5': 'e95c4430ee1a0f1bbb2ca6aa7d76f4f0f1e4ef0e',
  '1.0.0': '6f01277bd161c6153c1c7f1412e556e37da41c92', '1.0.8': '2f5f0297b536d512380c4b06dd02a7c142ed909f',
  '1.1.2': 'cf12d12d196efa364b3642954107b3f37642f487', '1.1.4': '5523c608fe0a69b2e18efd397e4569aa9871b853',
  '1.1.5': '00d3803c3e555d5ec0a25c5bbf5ac7d4e1fa5875', '1.1.6': '2182e887ef378f906455784396f1011df968822c',
};

/** The JSON field names of a pin, in Go struct order (PinOptions first). */
export type PinField = 'cid' | 'name' | 'allocations' | 'replication_factor_min' | 'replication_factor_max' | 'recursive'
  | 'shard_size' | 'type' | 'max_depth' | 'reference' | 'user_allocations' | 'metadata' | 'pin_update' | 'expire_at'
  | 'mode' | 'origins' | 'timestamp';

/** Config sections/components a release's `init` writes beyond the ones every release has. */
export type ConfigPart = 'proxy-in-ipfshttp' | 'ipfsproxy' | 'pubsubmon' | 'stateless' | 'observations' | 'pinsvcapi' | 'tags';

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
  /** `--enc json` of a list: one indented array (≤0.14, json.MarshalIndent of a slice) or one object after another (v1 channels). */
  readonly ctlJsonList: 'array' | 'stream';
  /** `status` text layout (formatters.go textFormatPrintGPInfo). */
  readonly ctlStatusFormat: 'peer-id-v0' | 'peer-id' | 'pad15' | 'pad20' | 'pad20-name' | 'pad20-name-attempts';
  /** `status` timestamps as the API sends them: PinInfoSerial's RFC 3339 in seconds (≤0.9) or time.Time's RFC 3339 nano. */
  readonly pinInfoTimestamp: 'seconds' | 'nano';
  /** `pin ls` text layout (formatters.go textFormatPrintPin). */
  readonly ctlPinFormat: 'v0' | 'type-depth' | 'metadata' | 'expiry' | 'added';
  /** Built with Go ≥1.14, whose url.Error quotes the URL: `Get "http://…/id": dial tcp …`. */
  readonly ctlQuotesUrl: boolean;
  /** The load-balancing client (v0.13+) logs an ERROR on stderr when every retry failed: its lbclient.go line, or null. */
  readonly ctlRetryLogLine: number | null;
  /**
   * go-log v2's default format for ctl's log lines: colored always (< v2.3.0: cluster ≤0.14.0), or only when stderr is a
   * terminal (v2.3.0+, cluster 0.14.1+); GOLOG_LOG_FMT=nocolor/color overrides.
   */
  readonly ctlLogColor: 'always' | 'tty';
  /** How a pin is written as JSON: the CID as a plain string (≤0.9, PinSerial; v1 api.Cid) or `{"/": cid}` (go-cid, 0.10–0.14). */
  readonly pinCid: 'string' | 'object';
  /** The pin type as written: absent (≤0.4), the PinType number (0.5–0.14) or its name (v1). */
  readonly pinType: 'none' | 'number' | 'name';
  readonly pinFields: readonly PinField[];
  /** The Go struct a ≤0.9 importer decodes into (named in its type errors). */
  readonly pinSerialStruct: string;
  readonly configParts: readonly ConfigPart[];
  readonly daemonFlags: readonly string[];
  readonly initFlags: readonly string[];
  readonly stateImportFlags: readonly string[];
  /** Key type `init` generates: RSA-2048 (`Qm…` IDs) before 0.11, Ed25519 (`12D3KooW…`) from 0.11. */
  readonly peerIdKind: 'rsa' | 'ed25519';
  /** v0.11+: an identity still inside service.json is extracted into identity.json at load (with a NOTICE on stderr). */
  readonly extractsIdentity: boolean;
  /** Commit of the release tag, which the Docker images are built with (`-X main.commit=$(git rev-parse HEAD)`). */
  readonly dockerCommit: string;
  /**
   * How a build with the commit shows it: ≤0.5 keep `--version` and the API plain, print `X.Y.Z-<commit>` for the
   * `version` command and `vX.Y.Z-<commit[0:8]>` in the listening line; 0.6+ make it semver build metadata, `X.Y.Z+git<commit>`.
   */
  readonly commitStyle: 'suffix' | 'semver-build';
  /** Datastores `init --datastore` accepts (none before v0.14). */
  readonly datastores: readonly string[];
  /** Pebble's oldest readable and newest on-disk format major version, for releases that ship Pebble. */
  readonly pebbleFormats: { readonly min: number; readonly newest: number } | null;
  /** go-ds-crdt v0.6.2+: the one-off v0→v1 migration on first open (v1.1.2 notes). */
  readonly crdtMigratesOnOpen: boolean;
  /** go-ds-crdt delta format: 0.13.0 changed it; older peers cannot process newer deltas (v0.13.0 notes). */
  readonly crdtDeltaFormat: number;
  /** v0.10+: `CLUSTER_<COMPONENT>_<KEY>` environment variables override config values. */
  readonly hasEnvOverrides: boolean;
}

type Rows<T> = readonly (readonly [range: string, value: T])[];

// Each fact as ranges, first match wins (reference §1–§5 with the source check's corrections).
const FACTS: { readonly [K in Exclude<keyof VersionSpec, 'version' | 'rpcProtocol' | 'dockerCommit'>]: Rows<VersionSpec[K]> } = {
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
    ['<1.0.3', ['export', 'import', 'cleanup']], ['*', ['export', 'import', 'cleanup', 'crdt']]],
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
  addrProtocol: [['<0.11.0', 'ipfs'], ['*', 'p2p']],
  removedLog: [['<0.11.0', 'removed-from-raft'], ['*', 'no-longer-in-peerset']],
  initDefaultConsensus: [['<0.11.0', 'raft'], ['*', 'crdt']],
  crdtDatastore: [['<0.11.0', null], ['<1.0.8', 'badger'], ['*', 'pebble']],
  ctlVersionKey: [['<0.10.1', 'Version'], ['*', 'version']],
  ctlUsageExit: [['<1.0.0', 0], ['*', 1]],
  hasEnvOverrides: [['<0.10.0', false], ['*', true]],
  configParts: [['<0.4.0', ['proxy-in-ipfshttp']], ['<0.5.0', ['proxy-in-ipfshttp', 'pubsubmon']],
    ['<0.8.0', ['proxy-in-ipfshttp', 'pubsubmon', 'stateless']], ['<0.9.0', ['ipfsproxy', 'pubsubmon', 'stateless']],
    ['<1.0.0', ['ipfsproxy', 'pubsubmon', 'stateless', 'observations']],
    ['*', ['ipfsproxy', 'pubsubmon', 'stateless', 'observations', 'pinsvcapi', 'tags']]],
  pinCid: [['<0.10.0', 'string'], ['<1.0.0', 'object'], ['*', 'string']],
  pinType: [['<0.5.0', 'none'], ['<1.0.0', 'number'], ['*', 'name']],
  pinSerialStruct: [['*', 'PinSerial']],
  pinFields: [
    ['<0.5.0', ['cid', 'name', 'allocations', 'replication_factor_min', 'replication_factor_max', 'recursive']],
    ['<0.10.0', ['replication_factor_min', 'replication_factor_max', 'name', 'shard_size', 'cid', 'type', 'allocations',
      'max_depth', 'reference']],
    ['<0.11.0', ['replication_factor_min', 'replication_factor_max', 'name', 'shard_size', 'user_allocations', 'metadata',
      'cid', 'type', 'allocations', 'max_depth', 'reference']],
    ['<0.12.0', ['replication_factor_min', 'replication_factor_max', 'name', 'shard_size', 'user_allocations', 'metadata',
      'pin_update', 'cid', 'type', 'allocations', 'max_depth', 'reference']],
    ['<0.13.0', ['replication_factor_min', 'replication_factor_max', 'name', 'shard_size', 'user_allocations', 'expire_at',
      'metadata', 'pin_update', 'cid', 'type', 'allocations', 'max_depth', 'reference']],
    ['<0.14.0', ['replication_factor_min', 'replication_factor_max', 'name', 'mode', 'shard_size', 'user_allocations',
      'expire_at', 'metadata', 'pin_update', 'cid', 'type', 'allocations', 'max_depth', 'reference']],
    ['<0.14.2', ['replication_factor_min', 'replication_factor_max', 'name', 'mode', 'shard_size', 'user_allocations',
      'expire_at', 'metadata', 'pin_update', 'origins', 'cid', 'type', 'allocations', 'max_depth', 'reference']],
    ['*', ['replication_factor_min', 'replication_factor_max', 'name', 'mode', 'shard_size', 'user_allocations',
      'expire_at', 'metadata', 'pin_update', 'origins', 'cid', 'type', 'allocations', 'max_depth', 'reference', 'timestamp']]],
  ctlJsonList: [['<1.0.0', 'array'], ['*', 'stream']],
  ctlStatusFormat: [['<0.5.0', 'peer-id-v0'], ['<0.6.0', 'peer-id'], ['<0.11.0', 'pad15'], ['<0.13.0', 'pad20'], ['<0.14.2', 'pad20-name'],
    ['*', 'pad20-name-attempts']],
  pinInfoTimestamp: [['<0.10.0', 'seconds'], ['*', 'nano']],
  ctlPinFormat: [['<0.5.0', 'v0'], ['<0.12.0', 'type-depth'], ['<0.13.0', 'metadata'], ['<0.14.2', 'expiry'], ['*', 'added']],
  ctlQuotesUrl: [['<0.13.0', false], ['*', true]],
  ctlLogColor: [['<0.14.1', 'always'], ['*', 'tty']],
  ctlRetryLogLine: [['<0.13.0', null], ['<1.0.0', 105], ['<1.0.8', 104], ['*', 106]],
  daemonFlags: [['<0.5.0', ['upgrade,u', 'bootstrap,j', 'leave,x', 'alloc,a']],
    ['<0.9.0', ['upgrade,u', 'bootstrap,j', 'leave,x', 'alloc,a', 'pintracker']],
    ['<0.11.0', ['upgrade,u', 'bootstrap,j', 'leave,x', 'alloc,a', 'pintracker', 'stats', 'tracing']],
    ['<0.12.0', ['upgrade,u', 'bootstrap,j', 'leave,x', 'pintracker', 'stats', 'tracing', 'no-trust']],
    ['*', ['upgrade,u', 'bootstrap,j', 'leave,x', 'stats', 'tracing', 'no-trust']]],
  initFlags: [['<0.11.0', ['custom-secret,s']], ['<0.12.0', ['consensus', 'custom-secret,s', 'peers', 'force,f']],
    ['<0.14.0', ['consensus', 'custom-secret,s', 'peers', 'force,f', 'randomports']],
    ['*', ['consensus', 'datastore', 'custom-secret,s', 'peers', 'force,f', 'randomports']]],
  stateImportFlags: [['<0.7.0', []], ['<1.0.0', ['force,f']],
    ['*', ['force,f', 'replication-min,rmin', 'replication-max,rmax', 'allocations,allocs']]],
  peerIdKind: [['<0.11.0', 'rsa'], ['*', 'ed25519']],
  extractsIdentity: [['<0.11.0', false], ['*', true]],
  // pebble.FormatNewest of the go.mod version: 16 (v1.1.2 and the 1.0.8 pseudo-version), 19 (v2.0.3), 24 (v2.1.x).
  pebbleFormats: [['<1.0.8', null], ['<1.1.4', { min: 1, newest: 16 }], ['<1.1.5', { min: 13, newest: 19 }],
    ['*', { min: 13, newest: 24 }]],
  commitStyle: [['<0.6.0', 'suffix'], ['*', 'semver-build']],
  crdtMigratesOnOpen: [['<1.1.2', false], ['*', true]],
  crdtDeltaFormat: [['<0.13.0', 1], ['*', 2]],
  datastores: [['<0.14.0', []], ['<1.0.8', ['badger', 'leveldb']], ['*', ['badger', 'badger3', 'leveldb', 'pebble']]],
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
  return { ...Object.fromEntries(entries), version, rpcProtocol: rpcProtocolOf(version),
    dockerCommit: TAG_COMMITS[version] } as VersionSpec;
}

/** Where `ipfs-cluster-service` shows its version: `--version` and the API, the `version` command, the listening line. */
export type VersionPlace = 'app' | 'version-command' | 'listening';

/**
 * The version `ipfs-cluster-service` shows at `place`: plain `X.Y.Z` for a build without the commit ldflag, else (the
 * Docker images: `make install` inside the tag's checkout, `.git` in the build context) per the release's `commitStyle`.
 */
export function shownVersion(spec: VersionSpec, isDockerBuild: boolean, place: VersionPlace = 'app'): string {
  if (!isDockerBuild) return spec.version;
  if (spec.commitStyle === 'semver-build') return `${spec.version}+git${spec.dockerCommit}`;
  if (place === 'version-command') return `${spec.version}-${spec.dockerCommit}`;
  return place === 'listening' ? `${spec.version}-${spec.dockerCommit.slice(0, 8)}` : spec.version;
}

/** True when `version` is one the simulator plays. */
export function isSupported(version: string): boolean {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(version);
}
