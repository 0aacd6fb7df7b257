#!/usr/bin/env node
import { resolve } from 'node:path';
import { Command } from 'commander';
import { clusterStatus, downCluster, upCluster } from './cluster.js';
import { SUPPORTED_VERSIONS } from './versions.js';

const program = new Command('sim').description('IPFS Cluster simulator: simulated hosts with running peers on loopback');
const DEFAULT_DIR = '.sim-cluster';

program.command('up').description('create N hosts at a version with a formed cluster and some pins')
  .option('--peers <n>', 'number of peers', '3')
  .option('--version <v>', `release to run (${SUPPORTED_VERSIONS.join(', ')})`, '0.9.0')
  .option('--dir <dir>', 'folder holding the hosts', DEFAULT_DIR)
  .option('--pins <n>', 'pins to add', '5')
  .option('--address-base <a.b.c>', 'host N listens on <a.b.c>.N', '127.0.1')
  .option('--ports <rest,proxy,cluster>', 'ports (default the real 9094,9095,9096)')
  .option('--consensus <raft|crdt>', 'consensus for v0.11+ (default: the release\'s init default)')
  .option('--wait-for-leader-timeout <d>', 'consensus.raft.wait_for_leader_timeout to write, e.g. 5s')
  .action(async (o: Record<string, string | undefined>) => {
    const dir = resolve(o['dir']!);
    const ports = o['ports']?.split(',').map(Number);
    const hosts = await upCluster({ dir, peers: Number(o['peers']), version: o['version']!, pins: Number(o['pins']),
      addressBase: o['addressBase']!, ...(ports ? { ports: { rest: ports[0]!, proxy: ports[1]!, cluster: ports[2]! } } : {}),
      ...(o['consensus'] ? { consensus: o['consensus'] as 'raft' | 'crdt' } : {}),
      ...(o['waitForLeaderTimeout'] ? { waitForLeaderTimeout: o['waitForLeaderTimeout'] } : {}) });
    process.stdout.write(`cluster of ${hosts.length} peers at v${o['version']} is READY in ${dir}\n`);
    for (const h of hosts) process.stdout.write(`  ${h.name}  ${h.address}  ${h.id}  HOME=${h.home}\n`);
    const home = hosts[0]!.home;
    process.stdout.write(`\nTry:  HOME=${home} PATH=${home}/bin:$PATH ipfs-cluster-ctl peers ls\n\n# inventory\n`
      + 'cluster:\n  vars:\n    ansible_connection: local\n    ipfs_cluster_install: ipfs-cluster-install\n'
      + '    ipfs_cluster_start: ipfs-cluster-sim-start\n    ipfs_cluster_stop: ipfs-cluster-sim-stop\n  hosts:\n');
    for (const h of hosts) {
      process.stdout.write(`    ${h.name}:\n      ansible_host: ${h.address}\n      runbook_home: ${h.home}\n`
        + `      runbook_environment: { PATH: "${h.home}/bin:/usr/local/bin:/usr/bin:/bin" }\n`);
    }
  });

program.command('down').description('stop every simulated daemon').option('--dir <dir>', 'folder holding the hosts', DEFAULT_DIR)
  .action((o: { dir: string }) => { downCluster(resolve(o.dir)); process.stdout.write('stopped\n'); });

program.command('status').description('version, running state, peers and pins per host')
  .option('--dir <dir>', 'folder holding the hosts', DEFAULT_DIR).option('--json', 'print JSON')
  .action(async (o: { dir: string; json?: boolean }) => {
    const rows = await clusterStatus(resolve(o.dir));
    if (o.json) { process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`); return; }
    for (const r of rows) {
      process.stdout.write(`${r.home}  v${r.version ?? '?'}  ${r.isRunning ? 'running' : 'stopped'}  peers=${r.peers ?? '-'}  pins=${r.pins ?? '-'}\n`);
    }
  });

process.stdout.on('error', () => process.exit(0));
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`sim: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
