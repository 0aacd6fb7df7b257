import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOnHost, upCluster, type HostInfo } from '../../sim/cluster.js';
import { simTempDir, uniqueAddressBase } from './sim.js';

/** A running simulated cluster and an inventory that drives it over the local connection. */
export interface TestCluster {
  readonly dir: string;
  readonly hosts: readonly HostInfo[];
  readonly inventory: string;
  /** Runs one of a host's IPFS Cluster commands (by host name) and returns its stdout. */
  ctl(host: string, args: readonly string[]): string;
  service(host: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string };
  /** Switches a fault on for a host (sim/README.md "Faults"). */
  fault(host: string, fault: string): void;
}

/**
 * Starts `peers` simulated peers at `version` (with the release's default consensus unless `consensus` is given) with `pins` pins in a temp folder (stopped and removed
 * when the test file ends), on a loopback range of their own, and writes an inventory for them.
 */
export async function startCluster(options: {
  peers: number; version: string; pins?: number; waitForLeaderTimeout?: string; consensus?: 'raft' | 'crdt';
}): Promise<TestCluster> {
  const dir = simTempDir('e2e-');
  const hosts = await upCluster({ dir, peers: options.peers, version: options.version, pins: options.pins ?? 5,
    addressBase: uniqueAddressBase(), waitForLeaderTimeout: options.waitForLeaderTimeout ?? '4s',
    ...(options.consensus ? { consensus: options.consensus } : {}) });
  const inventory = join(dir, 'inventory.yml');
  writeFileSync(inventory, [
    'cluster:', '  vars:', '    ansible_connection: local', '    ipfs_cluster_install: ipfs-cluster-install',
    '    ipfs_cluster_start: ipfs-cluster-sim-start', '    ipfs_cluster_stop: ipfs-cluster-sim-stop', '  hosts:',
    ...hosts.map((h) => `    ${h.name}: { ansible_host: ${h.address}, runbook_home: ${h.home}, runbook_environment: { PATH: "${h.home}/bin:/usr/local/bin:/usr/bin:/bin" } }`),
  ].join('\n') + '\n');
  const home = (name: string) => hosts.find((h) => h.name === name)!.home;
  return {
    dir, hosts, inventory,
    ctl: (host, args) => runOnHost(home(host), 'ipfs-cluster-ctl', args).stdout,
    service: (host, args) => runOnHost(home(host), 'ipfs-cluster-service', args),
    fault: (host, fault) => writeFileSync(join(home(host), '.sim', 'faults'), `${fault}\n`),
  };
}
