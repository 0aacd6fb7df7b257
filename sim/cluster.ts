import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCid, newSecret } from './core/ids.js';
import { simDir } from './core/host.js';
import { createHost, installedVersion } from './host-setup.js';
import { isLockHeld } from './core/lock.js';
import { specFor } from './versions.js';

/** How `up` builds a cluster. */
export interface UpOptions {
  readonly dir: string;
  readonly peers: number;
  readonly version: string;
  readonly pins?: number;
  /** First three octets of the hosts' loopback addresses; host N gets `<base>.N`. */
  readonly addressBase?: string;
  readonly ports?: { readonly rest: number; readonly proxy: number; readonly cluster: number };
  readonly consensus?: 'raft' | 'crdt';
  /** Overrides consensus.raft.wait_for_leader_timeout (e.g. "2s" in tests). */
  readonly waitForLeaderTimeout?: string;
  /** Edits each host's files after its `init`, before any daemon starts (a rehearsal's twin copies config values). */
  readonly configure?: (home: string) => void;
}

/** One simulated host as `up` reports it. */
export interface HostInfo { readonly name: string; readonly home: string; readonly address: string; readonly id: string }

/** The result of a command run on a host. */
export interface RunResult { readonly status: number | null; readonly stdout: string; readonly stderr: string }

/** The environment a host's commands run with: HOME is the host folder, its bin/ first on PATH. */
export function hostEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['IPFS_CLUSTER_PATH', 'IPFS_CLUSTER_SIM_VERSION', 'IPFS_CLUSTER_SIM_FAULTS']) delete env[name];
  return { ...env, HOME: home, PATH: `${join(home, 'bin')}:${process.env['PATH'] ?? ''}`, ...extra };
}

/** Runs one of the host's binaries and waits for it. */
export function runOnHost(home: string, command: string, args: readonly string[], input = '', extra: Record<string, string> = {}): RunResult {
  const result = spawnSync(join(home, 'bin', command), args, { env: hostEnv(home, extra), input, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs one of the host's binaries without blocking, like `runOnHost`. */
export function runOnHostAsync(home: string, command: string, args: readonly string[], extra: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(join(home, 'bin', command), args, { env: hostEnv(home, extra), encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

async function mustRun(home: string, command: string, args: readonly string[], extra: Record<string, string> = {}): Promise<RunResult> {
  const result = await runOnHostAsync(home, command, args, extra);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed on ${home} (${result.status}):\n${result.stdout}${result.stderr}`);
  return result;
}

function peerId(home: string, version: string): string {
  const folder = join(home, '.ipfs-cluster');
  if (specFor(version).hasIdentityJson && existsSync(join(folder, 'identity.json'))) {
    return (JSON.parse(readFileSync(join(folder, 'identity.json'), 'utf8')) as { id: string }).id;
  }
  return (JSON.parse(readFileSync(join(folder, 'service.json'), 'utf8')) as { cluster: { id: string } }).cluster.id;
}

function tuneConfig(home: string, opts: UpOptions): void {
  if (!opts.waitForLeaderTimeout) return;
  const path = join(home, '.ipfs-cluster', 'service.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as { consensus: { raft?: Record<string, unknown> } };
  if (config.consensus.raft) config.consensus.raft['wait_for_leader_timeout'] = opts.waitForLeaderTimeout;
  writeFileSync(path, `${JSON.stringify(config, null, '  ')}\n`);
}

/** Creates hosts `peer1..N` under `dir` (replacing stopped ones; refused while any runs), inits them, starts peer1 and bootstraps the others to it, then adds pins. */
export async function upCluster(opts: UpOptions): Promise<HostInfo[]> {
  const spec = specFor(opts.version);
  const existing = listHosts(opts.dir);
  if ((await Promise.all(existing.map((home) => isLockHeld(join(home, '.ipfs-cluster'))))).some(Boolean)) {
    throw new Error(`${opts.dir} holds running simulated peers; run "sim down --dir ${opts.dir}" first, or pick another --dir`);
  }
  for (const home of existing) rmSync(home, { recursive: true, force: true });
  const base = opts.addressBase ?? '127.0.1';
  const hosts: HostInfo[] = [];
  const secret = newSecret();
  for (let n = 1; n <= opts.peers; n++) {
    const home = join(opts.dir, `peer${n}`);
    const address = `${base}.${n}`;
    createHost({ dir: home, version: opts.version, address, peername: `peer${n}`, ...(opts.ports ? { ports: opts.ports } : {}) });
    const consensus = opts.consensus ?? spec.initDefaultConsensus;
    await mustRun(home, 'ipfs-cluster-service', spec.hasIdentityJson ? ['init', '--consensus', consensus] : ['init'], { CLUSTER_SECRET: secret });
    tuneConfig(home, opts);
    opts.configure?.(home);
    hosts.push({ name: `peer${n}`, home, address, id: peerId(home, opts.version) });
  }
  try {
    await startAll(hosts, opts);
  } catch (error) {
    downCluster(opts.dir);
    throw error;
  }
  return hosts;
}

async function startAll(hosts: readonly HostInfo[], opts: UpOptions): Promise<void> {
  const spec = specFor(opts.version);
  const first = hosts[0]!;
  const clusterPort = opts.ports?.cluster ?? 9096;
  const firstAddr = `/ip4/${first.address}/tcp/${clusterPort}/${spec.addrProtocol}/${first.id}`;
  await mustRun(first.home, 'ipfs-cluster-sim-start', spec.isBareDaemon ? [] : ['daemon']);
  for (const host of hosts.slice(1)) {
    await mustRun(host.home, 'ipfs-cluster-sim-start', spec.isBareDaemon ? ['-j', firstAddr] : ['daemon', '--bootstrap', firstAddr]);
  }
  for (let i = 0; i < (opts.pins ?? 0); i++) await mustRun(first.home, 'ipfs-cluster-ctl', ['pin', 'add', '--no-status', newCid()]);
}

/** The host folders (peerN) under a sim folder. */
export function listHosts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => existsSync(join(dir, n, '.sim', 'host.json'))).sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true })).map((n) => join(dir, n));
}

/** Stops every host's daemon started with ipfs-cluster-sim-start. */
export function downCluster(dir: string): void {
  for (const home of listHosts(dir)) {
    if (existsSync(join(simDir(home), 'daemon.pid'))) runOnHost(home, 'ipfs-cluster-sim-stop', []);
  }
}

/** One host's state for `sim status`. */
export interface HostStatus {
  readonly home: string;
  readonly version: string | null;
  readonly isRunning: boolean;
  readonly peers: number | null;
  readonly pins: number | null;
}

/** Reports each host: installed version, whether a daemon holds its lock, and peers and pins as it sees them. */
export async function clusterStatus(dir: string): Promise<HostStatus[]> {
  return Promise.all(listHosts(dir).map(async (home) => {
    const isRunning = await isLockHeld(join(home, '.ipfs-cluster'));
    const id = isRunning ? runOnHost(home, 'ipfs-cluster-ctl', ['--enc', 'json', 'id']) : null;
    const pins = isRunning ? runOnHost(home, 'ipfs-cluster-ctl', ['--enc', 'json', 'pin', 'ls']) : null;
    const peers = id?.status === 0 ? (JSON.parse(id.stdout) as { cluster_peers: string[] }).cluster_peers.length : null;
    const pinCount = pins?.status === 0 ? pins.stdout.split('\n').filter((l) => /"cid"/.test(l)).length : null;
    return { home, version: installedVersion(home), isRunning, peers, pins: pinCount };
  }));
}
