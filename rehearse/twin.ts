import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { downCluster, upCluster } from '../sim/cluster.js';
import { claimAddressBase } from './addresses.js';
import type { ClusterShape, ConfigValue } from './shape.js';

/** One peer of a twin: the real host's name, the simulated host's folder and address. */
export interface TwinHost {
  readonly name: string;
  readonly home: string;
  readonly address: string;
}

/** A running simulated twin of a cluster, with an inventory that drives it over the local connection. */
export interface Twin {
  readonly dir: string;
  readonly hosts: readonly TwinHost[];
  readonly inventory: string;
  /** Differences from the real cluster the simulator could not reproduce (e.g. another CRDT datastore). */
  readonly warnings: readonly string[];
  /** Cuts a host off from the controller (its daemon keeps running), as a network cut would. */
  cut(host: string): void;
  /** Makes a cut host reachable again. */
  reconnect(host: string): void;
  /** Stops every daemon, frees the loopback range, removes the folder. */
  close(): void;
}

const OPEN = new Set<Twin>();

/** Closes every twin still open (a rehearsal that is stopped leaves no daemon behind). */
export function closeOpenTwins(): void {
  for (const twin of OPEN) twin.close();
}

function applyConfig(home: string, values: readonly ConfigValue[]): void {
  const path = join(home, '.ipfs-cluster', 'service.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  for (const { path: keys, value } of values) {
    const parent = keys.slice(0, -1).reduce<Record<string, unknown> | undefined>((at, key) => at?.[key] as Record<string, unknown> | undefined, config);
    // a value of a section this release does not have (crdt on a Raft peer, say) is left out, as the release would
    if (parent && keys.at(-1)! in parent) parent[keys.at(-1)!] = value;
  }
  writeFileSync(path, `${JSON.stringify(config, null, '  ')}\n`);
}

function inventoryOf(shape: ClusterShape, dir: string, hosts: readonly TwinHost[]): string {
  const entries = hosts.map((h) => [h.name, {
    ...shape.vars[h.name], ansible_host: h.address, runbook_home: join(dir, 'reach', h.name),
    runbook_environment: { HOME: h.home, PATH: `${h.home}/bin:/usr/local/bin:/usr/bin:/bin` },
  }] as const);
  const children = Object.fromEntries(Object.entries(shape.groups).map(([g, members]) => [g, { hosts: Object.fromEntries(members.map((m) => [m, null])) }]));
  // JSON is YAML: every value is quoted as it must be
  return `${JSON.stringify({ all: {
    vars: { ansible_connection: 'local', ipfs_cluster_install: 'ipfs-cluster-install', ipfs_cluster_start: 'ipfs-cluster-sim-start', ipfs_cluster_stop: 'ipfs-cluster-sim-stop' },
    hosts: Object.fromEntries(entries), children } }, null, 2)}\n`;
}

/**
 * Builds a twin of `shape` in `dir` (which must be empty or absent): as many peers, at the same release and
 * consensus, with the same config values and a pinset of the same size (made-up CIDs), on a loopback /24 of its own.
 * The inventory keeps the real host names and groups; each host's `runbook_home` is a link to its folder, so that
 * removing the link cuts the host off from the controller while its daemon runs on.
 */
export async function buildTwin(shape: ClusterShape, dir: string): Promise<Twin> {
  const cluster = join(dir, 'cluster');
  // a twin left by a rehearsal that was killed: its daemons are stopped and its folder goes
  if (existsSync(dir)) { downCluster(cluster); rmSync(dir, { recursive: true, force: true }); }
  const claim = claimAddressBase();
  try {
    const made = await upCluster({ dir: cluster, peers: shape.hosts.length, version: shape.version, pins: shape.pinCount,
      consensus: shape.consensus, addressBase: claim.base,
      configure: (home) => applyConfig(home, shape.config[shape.hosts[Number(basename(home).slice(4)) - 1]!] ?? []) });
    const hosts = made.map((h, i) => ({ name: shape.hosts[i]!, home: h.home, address: h.address }));
    mkdirSync(join(dir, 'reach'), { recursive: true });
    const link = (name: string) => join(dir, 'reach', name);
    for (const h of hosts) symlinkSync(h.home, link(h.name));
    const inventory = join(dir, 'inventory.yml');
    writeFileSync(inventory, inventoryOf(shape, dir, hosts));
    const home = (name: string) => hosts.find((h) => h.name === name)!.home;
    const twin: Twin = {
      dir, hosts, inventory, warnings: datastoreWarnings(shape, hosts.map((h) => h.home)),
      cut: (name) => rmSync(link(name), { force: true }),
      reconnect: (name) => { rmSync(link(name), { force: true }); symlinkSync(home(name), link(name)); },
      close: () => { OPEN.delete(twin); downCluster(cluster); claim.release(); rmSync(dir, { recursive: true, force: true }); },
    };
    OPEN.add(twin);
    return twin;
  } catch (error) {
    downCluster(cluster);
    claim.release();
    throw error;
  }
}

function datastoreWarnings(shape: ClusterShape, homes: readonly string[]): string[] {
  if (!shape.datastore || !homes[0]) return [];
  const config = JSON.parse(readFileSync(join(homes[0], '.ipfs-cluster', 'service.json'), 'utf8')) as { datastore?: Record<string, unknown> };
  const twin = Object.keys(config.datastore ?? {})[0];
  return twin === shape.datastore ? [] : [`the cluster's datastore is ${shape.datastore}; the twin's is ${twin ?? 'none'} (the release's default)`];
}
