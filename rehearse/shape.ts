import { EngineError } from '../engine/core/index.js';

/** One configuration value the twin copies: its path in service.json and its value. */
export interface ConfigValue {
  readonly path: readonly string[];
  readonly value: unknown;
}

/** What a twin must look like: the real cluster's hosts, groups, release, consensus, config values and pin count. */
export interface ClusterShape {
  /** The hosts the runbook targets, in inventory order: the twin's peers carry these names. */
  readonly hosts: readonly string[];
  /** Each group of the real inventory that holds some of these hosts, with those hosts. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /** Per host, the inventory variables the twin keeps (all but how to reach and drive the real host). */
  readonly vars: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly version: string;
  readonly consensus: 'raft' | 'crdt';
  readonly pinCount: number;
  /** Per host, the service.json values that matter to an upgrade (CONFIG_PATHS), as the real peer has them. */
  readonly config: Readonly<Record<string, readonly ConfigValue[]>>;
  /** The CRDT datastore (badger, leveldb, pebble); null for Raft. */
  readonly datastore: string | null;
}

/** The service.json values an upgrade reads or depends on; the twin copies those the real peers have. */
export const CONFIG_PATHS: readonly (readonly string[])[] = [
  ['cluster', 'leave_on_shutdown'], ['cluster', 'replication_factor_min'], ['cluster', 'replication_factor_max'],
  ['consensus', 'raft', 'wait_for_leader_timeout'], ['consensus', 'raft', 'network_timeout'], ['consensus', 'raft', 'commit_retries'],
  ['consensus', 'crdt', 'rebroadcast_interval'],
];

// Variables that say how to reach and drive a real host: the twin has its own.
const DRIVING = /^(ansible_|runbook_)|^ipfs_cluster_(install|start|stop)$/;

function valueAt(config: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), config);
}

/** The variables of a host that the twin keeps: plain values, not the connection's. */
export function keptVars(vars: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(vars).filter(([name, value]) => !DRIVING.test(name)
    && (['string', 'number', 'boolean'].includes(typeof value))));
}

type Facts = Readonly<Record<string, unknown>>;

function factsOf(host: string, facts: Facts | undefined): Facts {
  if (!facts || facts['installed'] !== true) {
    throw new EngineError('failed', `${host}: no IPFS Cluster found there, so the twin cannot copy it`, {
      hint: 'check that the inventory reaches the peers (`runbook plan cluster-status -i …`)' });
  }
  return facts;
}

/**
 * The shape of a cluster from each host's `ipfs_cluster` facts (data in, data out). Refused, naming the hosts, when
 * the peers run different releases or consensus, or when no peer's daemon answered (the pin count is unknown).
 */
export function shapeFromFacts(input: {
  hosts: readonly string[]; groups: Readonly<Record<string, readonly string[]>>;
  vars: Readonly<Record<string, Readonly<Record<string, unknown>>>>; facts: Readonly<Record<string, Facts | undefined>>;
}): ClusterShape {
  const facts = input.hosts.map((host) => [host, factsOf(host, input.facts[host])] as const);
  const distinct = (key: string) => [...new Set(facts.map(([, f]) => String(f[key])))];
  const versions = distinct('version');
  if (versions.length !== 1) {
    throw new EngineError('failed', `the peers run different releases (${facts.map(([h, f]) => `${h} ${String(f['version'])}`).join(', ')}): a twin has one`,
      { hint: 'finish the upgrade that is under way first, or rehearse with --limit on the peers of one release' });
  }
  const consensus = distinct('consensus');
  if (consensus.length !== 1 || !['raft', 'crdt'].includes(consensus[0]!)) {
    throw new EngineError('failed', `the peers' consensus differs or is unknown (${consensus.join(', ')})`);
  }
  const counts = facts.map(([, f]) => f['pin_count']).filter((n): n is number => typeof n === 'number');
  if (!counts.length) throw new EngineError('failed', 'no peer\'s daemon answered, so the pin count is unknown', { hint: 'start the cluster, then rehearse' });
  const first = facts[0]![1];
  const store = valueAt(first['config'], ['datastore']);
  return {
    hosts: input.hosts, groups: input.groups, vars: input.vars, version: versions[0]!, consensus: consensus[0] as 'raft' | 'crdt',
    pinCount: Math.max(...counts),
    config: Object.fromEntries(facts.map(([host, f]) => [host, CONFIG_PATHS.flatMap((path) => {
      const value = valueAt(f['config'], path);
      return value === undefined ? [] : [{ path, value }];
    })])),
    datastore: consensus[0] === 'crdt' && store && typeof store === 'object' ? Object.keys(store)[0] ?? null : null,
  };
}
