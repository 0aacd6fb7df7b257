import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseJsonValues, shlexSplit } from '../../engine/core/index.js';
import { hostEnv, type RunResult } from '../../sim/cluster.js';
import { newCid, newSecret } from '../../sim/core/ids.js';
import { createHost } from '../../sim/host-setup.js';
import { specFor } from '../../sim/versions.js';
import { PROJECT_ROOT } from './paths.js';
import { simTempDir, uniqueAddressBase } from './sim.js';

/** The container commands of `inventories/example-docker.yml`, as the inventory writes them for its hosts. */
export interface DockerVars {
  readonly ipfs_cluster_path: string;
  readonly ipfs_cluster_install: string;
  readonly ipfs_cluster_start: string;
  readonly ipfs_cluster_stop: string;
  readonly ipfs_cluster_service: string;
}

/** A simulated host whose peer runs as a container: no IPFS Cluster binary of its own, only `docker`. */
export interface ContainerHost {
  readonly name: string;
  readonly home: string;
  readonly address: string;
  /** The example inventory's commands with this host's folders in place of /var/lib/ipfs-cluster and /home/ops. */
  readonly vars: DockerVars;
}

/** A cluster of container peers and an inventory that drives them with the example inventory's commands. */
export interface ContainerCluster {
  readonly dir: string;
  readonly hosts: readonly ContainerHost[];
  readonly inventory: string;
  /** Runs a command line (shell-split, never through a shell) on a host, with more words after it. */
  run(host: string, line: string, ...extra: string[]): RunResult;
  docker(host: string, args: readonly string[]): RunResult;
  /** The CIDs a peer's API lists, sorted (through `docker exec … ipfs-cluster-ctl`). */
  pinset(host: string): string[];
}

/** The example inventory's container commands for a host whose config folder is `volume` and whose home is `home`. */
export function exampleDockerVars(volume: string, home: string): DockerVars {
  const text = readFileSync(join(PROJECT_ROOT, 'inventories', 'example-docker.yml'), 'utf8');
  const vars = (parse(text) as { cluster: { vars: Record<string, string> } }).cluster.vars;
  const local = (value: string) => value.replaceAll('/var/lib/ipfs-cluster', volume).replaceAll('/home/ops', home);
  return {
    ipfs_cluster_path: local(vars['ipfs_cluster_path']!), ipfs_cluster_install: local(vars['ipfs_cluster_install']!),
    ipfs_cluster_start: local(vars['ipfs_cluster_start']!), ipfs_cluster_stop: local(vars['ipfs_cluster_stop']!),
    ipfs_cluster_service: local(vars['ipfs_cluster_service']!),
  };
}

function runLine(home: string, line: string, extra: readonly string[]): RunResult {
  const [command, ...args] = shlexSplit(line);
  const result = spawnSync(command!, [...args, ...extra], { env: hostEnv(home), cwd: home, encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mustRun(home: string, line: string, ...extra: string[]): RunResult {
  const result = runLine(home, line, extra);
  if (result.status !== 0) throw new Error(`${line} ${extra.join(' ')} failed on ${home} (${result.status}):\n${result.stdout}${result.stderr}`);
  return result;
}

/** A host folder with `docker` and the ipfs-cluster-ctl shim of the example inventory, and no IPFS Cluster binary. */
function containerHost(dir: string, n: number, base: string): ContainerHost {
  const home = join(dir, `peer${n}`);
  createHost({ dir: home, version: '1.1.6', address: `${base}.${n}`, peername: `peer${n}` });
  for (const name of ['ipfs-cluster-service', 'ipfs-cluster-ctl', 'ipfs-cluster-install', 'ipfs-cluster-sim-start', 'ipfs-cluster-sim-stop',
    'ipfs-cluster-docker-entrypoint']) rmSync(join(home, 'bin', name));
  writeFileSync(join(home, 'bin', 'ipfs-cluster-ctl'), '#!/bin/sh\nexec docker exec ipfs-cluster ipfs-cluster-ctl "$@"\n', { mode: 0o755 });
  return { name: `peer${n}`, home, address: `${base}.${n}`, vars: exampleDockerVars(join(home, '.ipfs-cluster'), home) };
}

/** Inits a host's config folder with a one-shot container (shared secret, a short wait_for_leader_timeout); its peer ID. */
function initPeer(host: ContainerHost, version: string, secret: string, wait: string): string {
  mustRun(host.home, host.vars.ipfs_cluster_install, version);
  mustRun(host.home, 'docker run --rm -e', `CLUSTER_SECRET=${secret}`, '-v', `${host.vars.ipfs_cluster_path}:/data/ipfs-cluster`,
    '--entrypoint', 'ipfs-cluster-service', 'ipfs-cluster:current', 'init');
  const path = join(host.vars.ipfs_cluster_path, 'service.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as { cluster: { id: string }; consensus: { raft: Record<string, unknown> } };
  config.consensus.raft['wait_for_leader_timeout'] = wait;
  writeFileSync(path, `${JSON.stringify(config, null, '  ')}\n`);
  return config.cluster.id;
}

/**
 * Starts `peers` Raft peers of `version` (0.4–0.10: the config holds the ID) as containers of the simulated image,
 * each with the example inventory's install and start commands: peer1 alone, the others bootstrapped to it; adds
 * `pins` pins. Everything is stopped and removed when the test file ends.
 */
export function startContainerCluster(options: { peers: number; version: string; pins: number; waitForLeaderTimeout?: string }): ContainerCluster {
  const dir = simTempDir('e2e-docker-');
  const base = uniqueAddressBase();
  const secret = newSecret();
  const hosts = Array.from({ length: options.peers }, (_, i) => containerHost(dir, i + 1, base));
  const ids = hosts.map((h) => initPeer(h, options.version, secret, options.waitForLeaderTimeout ?? '4s'));
  const first = `/ip4/${hosts[0]!.address}/tcp/9096/${specFor(options.version).addrProtocol}/${ids[0]}`;
  hosts.forEach((h, i) => mustRun(h.home, h.vars.ipfs_cluster_start, ...(i === 0 ? ['daemon'] : ['daemon', '--bootstrap', first])));
  for (let i = 0; i < options.pins; i++) mustRun(hosts[0]!.home, 'ipfs-cluster-ctl pin add --no-status', newCid());
  const inventory = join(dir, 'inventory.yml');
  writeFileSync(inventory, `${JSON.stringify({ cluster: { vars: { ansible_connection: 'local' }, hosts: Object.fromEntries(hosts.map((h) => [h.name, {
    ansible_host: h.address, runbook_home: h.home, runbook_environment: { PATH: `${h.home}/bin:/usr/local/bin:/usr/bin:/bin` }, ...h.vars,
  }])) } }, null, 2)}\n`);
  const home = (name: string) => hosts.find((h) => h.name === name)!.home;
  const docker = (host: string, args: readonly string[]) => runLine(home(host), 'docker', args);
  return {
    dir, hosts, inventory, docker,
    run: (host, line, ...extra) => runLine(home(host), line, extra),
    pinset: (host) => {
      const out = runLine(home(host), 'ipfs-cluster-ctl --enc json pin ls', []);
      if (out.status !== 0) throw new Error(`pin ls on ${host}: ${out.stderr}`);
      return parseJsonValues(out.stdout).flatMap((p) => (Array.isArray(p) ? p : [p]))
        .map((p) => { const cid = (p as { cid: unknown }).cid; return typeof cid === 'string' ? cid : (cid as { '/': string })['/']; }).sort();
    },
  };
}
