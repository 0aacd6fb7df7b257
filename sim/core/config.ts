import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigPart, VersionSpec } from '../versions.js';
import { newPeerId, newPrivateKey, newSecret } from './ids.js';
import { parseDuration } from './multiaddr.js';

type Json = Record<string, unknown>;

/** What `init` needs to write a config for one host. */
export interface InitValues {
  readonly peername: string;
  readonly secret?: string;
  readonly consensus: 'raft' | 'crdt';
  /** CRDT datastore backend (`init --datastore`); the release default when absent. */
  readonly datastore?: string;
  readonly address: string;
  readonly ports: { readonly rest: number; readonly proxy: number; readonly cluster: number };
}

/** The peer identity, from `service.json` (≤0.10) or `identity.json` (≥0.11). */
export interface Identity { readonly id: string; readonly private_key: string }

/** Config folder from `--config`, then `IPFS_CLUSTER_PATH`, then `$HOME/.ipfs-cluster`. */
export function configFolder(flag: string | undefined, env: NodeJS.ProcessEnv, home: string): string {
  return flag || env['IPFS_CLUSTER_PATH'] || join(home, '.ipfs-cluster');
}

function raftSection(spec: VersionSpec): Json {
  return {
    ...(spec.hasConfigPeers ? {} : { init_peerset: [] }),
    wait_for_leader_timeout: '15s', network_timeout: '10s', commit_retries: 1, commit_retry_delay: '200ms',
    ...(spec.backupsRotateDefault === null ? {} : { backups_rotate: spec.backupsRotateDefault }),
    heartbeat_timeout: '1s', election_timeout: '1s', commit_timeout: '50ms', max_append_entries: 64,
    trailing_logs: 10240, snapshot_interval: '2m0s', snapshot_threshold: 8192, leader_lease_timeout: '500ms',
  };
}

function clusterSection(spec: VersionSpec, v: InitValues, identity: Identity): Json {
  return {
    ...(spec.hasIdentityJson ? {} : { id: identity.id }),
    peername: v.peername,
    ...(spec.hasIdentityJson ? {} : { private_key: identity.private_key }),
    secret: v.secret ?? newSecret(),
    ...(spec.hasConfigPeers ? { peers: [], bootstrap: [] } : {}),
    leave_on_shutdown: false,
    listen_multiaddress: `/ip4/0.0.0.0/tcp/${v.ports.cluster}`,
    state_sync_interval: '10m0s', ipfs_sync_interval: '2m10s', replication_factor_min: -1, replication_factor_max: -1,
    monitor_ping_interval: '15s', peer_watch_interval: '5s', disable_repinning: false,
  };
}

function apiSection(spec: VersionSpec, v: InitValues): Json {
  const rest = { http_listen_multiaddress: `/ip4/${v.address}/tcp/${v.ports.rest}`, read_timeout: '0s',
    read_header_timeout: '5s', write_timeout: '0s', idle_timeout: '2m0s', basic_auth_credentials: null, headers: {} };
  const proxy = { node_multiaddress: '/ip4/127.0.0.1/tcp/5001', listen_multiaddress: `/ip4/${v.address}/tcp/${v.ports.proxy}` };
  const pinsvc = { http_listen_multiaddress: `/ip4/${v.address}/tcp/9097` };
  const has = (part: ConfigPart) => spec.configParts.includes(part);
  return { ...(has('ipfsproxy') ? { ipfsproxy: proxy } : {}), ...(has('pinsvcapi') ? { pinsvcapi: pinsvc } : {}), restapi: rest };
}

function datastoreSection(spec: VersionSpec, backend: string): Json {
  return { [backend]: backend === 'pebble' && spec.pebbleFormats
    ? { pebble_options: { format_major_version: spec.pebbleFormats.newest } } : {} };
}

/** The `service.json` a release's `init` writes (keys and defaults per era, §2). */
export function buildServiceConfig(spec: VersionSpec, v: InitValues, identity: Identity): Json {
  const has = (part: ConfigPart) => spec.configParts.includes(part);
  const ipfshttp: Json = { ...(has('proxy-in-ipfshttp') ? { proxy_listen_multiaddress: `/ip4/${v.address}/tcp/${v.ports.proxy}` } : {}),
    node_multiaddress: '/ip4/127.0.0.1/tcp/5001', connect_swarms_delay: '30s', pin_timeout: '24h0m0s' };
  const consensus = v.consensus === 'crdt'
    ? { crdt: { cluster_name: 'ipfs-cluster', trusted_peers: ['*'], rebroadcast_interval: '1m0s' } }
    : { raft: raftSection(spec) };
  return {
    cluster: clusterSection(spec, v, identity),
    consensus,
    api: apiSection(spec, v),
    ipfs_connector: { ipfshttp },
    pin_tracker: { maptracker: { max_pin_queue_size: 50000, concurrent_pins: 10 },
      ...(has('stateless') ? { stateless: { max_pin_queue_size: 50000, concurrent_pins: 10 } } : {}) },
    monitor: { monbasic: { check_interval: '15s' }, ...(has('pubsubmon') ? { pubsubmon: { check_interval: '15s' } } : {}) },
    informer: { disk: { metric_ttl: '30s', metric_type: 'freespace' }, numpin: { metric_ttl: '10s' },
      ...(has('tags') ? { tags: { metric_ttl: '30s', tags: { group: 'default' } } } : {}) },
    ...(has('observations') ? { observations: { metrics: { enable_stats: false }, tracing: { enable_tracing: false } } } : {}),
    ...(v.consensus === 'crdt' && spec.crdtDatastore ? { datastore: datastoreSection(spec, v.datastore ?? spec.crdtDatastore) } : {}),
  };
}

/** A fresh identity of the key type the release generates. */
export function newIdentity(spec: VersionSpec): Identity {
  return { id: newPeerId(spec.peerIdKind), private_key: newPrivateKey(spec.peerIdKind) };
}

/** Writes identity.json as Identity.SaveJSON does: MarshalIndent with 4 spaces, no newline, mode 0600. */
export function writeIdentity(path: string, identity: Identity): void {
  writeFileSync(path, JSON.stringify({ id: identity.id, private_key: identity.private_key }, null, '    '), { mode: 0o600 });
}

/**
 * v0.11+ `LoadIdentityFromDisk` (cmdutils/configs.go): with no identity.json, the identity is read from service.json's
 * cluster section, saved as identity.json, and a NOTICE goes to stderr. Throws Node errors as they come.
 */
export function extractIdentity(folder: string): void {
  const [configPath, identityPath] = [join(folder, 'service.json'), join(folder, 'identity.json')];
  if (existsSync(identityPath)) return;
  const cluster = section(JSON.parse(readFileSync(configPath, 'utf8')) as Json, 'cluster');
  if (typeof cluster['id'] !== 'string') throw new Error('error loading identity: no id in the cluster section');
  writeIdentity(identityPath, { id: cluster['id'], private_key: String(cluster['private_key'] ?? '') });
  process.stderr.write(`\nNOTICE: identity information extracted from ${configPath} and saved as ${identityPath}.\n\n`);
}

/** Writes JSON the way Go's MarshalIndent does (2 spaces). */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, '  ')}\n`);
}

/** The loaded config with the values the simulator acts on. */
export interface LoadedConfig {
  readonly raw: Json;
  readonly identity: Identity;
  readonly peername: string;
  readonly secret: string;
  readonly consensus: 'raft' | 'crdt';
  readonly clusterListen: string;
  readonly restListen: string;
  readonly proxyListen: string | undefined;
  readonly leaveOnShutdown: boolean;
  readonly waitForLeaderMs: number;
  readonly backupsRotate: number;
  readonly initPeerset: readonly string[];
  readonly dataFolder: string | undefined;
  readonly configPeers: readonly string[];
  readonly configBootstrap: readonly string[];
  /** `consensus.crdt.trusted_peers` (`*` = all). */
  readonly trustedPeers: readonly string[];
  readonly rebroadcastMs: number;
}

function section(raw: Json, ...path: string[]): Json {
  let node: unknown = raw;
  for (const key of path) node = (node as Json | undefined)?.[key];
  return (node && typeof node === 'object' ? node : {}) as Json;
}

function overridden(value: unknown, text: string): unknown {
  if (typeof value === 'boolean') return text === 'true';
  if (typeof value === 'number') return Number(text);
  if (Array.isArray(value)) return text.split(',').filter(Boolean);
  return text;
}

// CLUSTER_<KEY> for the cluster section, CLUSTER_<COMPONENT>_<KEY> for components (keys without underscores).
function withEnvOverrides(raw: Json, env: NodeJS.ProcessEnv): Json {
  const name = (...parts: string[]) => ['CLUSTER', ...parts.map((p) => p.replace(/_/g, '').toUpperCase())].join('_');
  const apply = (obj: Json, prefix: string[]) => Object.fromEntries(Object.entries(obj).map(([k, v]) => {
    const text = env[name(...prefix, k)];
    return [k, text === undefined ? v : overridden(v, text)];
  }));
  const result: Json = { ...raw, cluster: apply(section(raw, 'cluster'), []) };
  for (const sec of Object.keys(raw).filter((k) => k !== 'cluster')) {
    result[sec] = Object.fromEntries(Object.entries(section(raw, sec)).map(([comp, opts]) =>
      [comp, opts && typeof opts === 'object' ? apply(opts as Json, [comp]) : opts]));
  }
  return result;
}

/**
 * Reads `service.json` (and `identity.json` on ≥0.11) from a config folder, with the v0.10+ environment overrides
 * applied to the values (not to `raw`, which stays the file's content); throws Node errors as they come.
 */
export function loadConfig(folder: string, spec: VersionSpec, env: NodeJS.ProcessEnv = {}): LoadedConfig {
  const file = JSON.parse(readFileSync(join(folder, 'service.json'), 'utf8')) as Json;
  const raw = spec.hasEnvOverrides ? withEnvOverrides(file, env) : file;
  const cluster = section(raw, 'cluster');
  const identityPath = join(folder, 'identity.json');
  const identity = spec.hasIdentityJson && existsSync(identityPath)
    ? JSON.parse(readFileSync(identityPath, 'utf8')) as Identity
    : { id: String(cluster['id'] ?? ''), private_key: String(cluster['private_key'] ?? '') };
  const raft = section(raw, 'consensus', 'raft');
  const rest = section(raw, 'api', 'restapi');
  const proxy = section(raw, 'api', 'ipfsproxy')['listen_multiaddress'] ?? section(raw, 'ipfs_connector', 'ipfshttp')['proxy_listen_multiaddress'];
  return {
    raw: file, identity,
    peername: String(cluster['peername'] ?? 'peer'),
    secret: String(cluster['secret'] ?? ''),
    consensus: section(raw, 'consensus')['crdt'] ? 'crdt' : 'raft',
    clusterListen: String(cluster['listen_multiaddress'] ?? '/ip4/0.0.0.0/tcp/9096'),
    restListen: String(rest['http_listen_multiaddress'] ?? rest['listen_multiaddress'] ?? '/ip4/127.0.0.1/tcp/9094'),
    proxyListen: typeof proxy === 'string' ? proxy : undefined,
    leaveOnShutdown: cluster['leave_on_shutdown'] === true,
    waitForLeaderMs: parseDuration(String(raft['wait_for_leader_timeout'] ?? '15s')),
    backupsRotate: spec.backupsRotateDefault === null ? 5 : Number(raft['backups_rotate'] ?? spec.backupsRotateDefault),
    initPeerset: (raft['init_peerset'] as string[] | undefined) ?? [],
    dataFolder: typeof raft['data_folder'] === 'string' && raft['data_folder'] ? raft['data_folder'] : undefined,
    configPeers: (cluster['peers'] as string[] | undefined) ?? [],
    configBootstrap: (cluster['bootstrap'] as string[] | undefined) ?? [],
    trustedPeers: (section(raw, 'consensus', 'crdt')['trusted_peers'] as string[] | undefined) ?? [],
    rebroadcastMs: parseDuration(String(section(raw, 'consensus', 'crdt')['rebroadcast_interval'] ?? '1m0s')),
  };
}
