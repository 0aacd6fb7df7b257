import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { downCluster, hostEnv, runOnHost, upCluster, type HostInfo, type RunResult } from '../../sim/cluster.js';

/** Runs a host's binary without blocking the test process (waits in concurrent tests overlap). */
export { runOnHostAsync } from '../../sim/cluster.js';
import { createHost } from '../../sim/host-setup.js';
import { specFor } from '../../sim/versions.js';
import { formatExport } from '../../sim/core/pin-json.js';
import { makePin } from '../../sim/core/state.js';
import { claimAddressBase } from '../../rehearse/addresses.js';


/** A temp folder for simulated hosts; when the file ends, every daemon started in it is stopped, then it is removed. */
export function simTempDir(prefix = 'sim-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => {
    downCluster(dir);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/**
 * A loopback /24 (127.X.Y, X ≥ 100) that no other test process or twin holds, so every host can keep the real ports
 * (rehearse's claim), released when the test file ends.
 */
export function uniqueAddressBase(): string {
  const claim = claimAddressBase();
  after(() => claim.release());
  return claim.base;
}

/** service.json, loosely typed for edits in tests. */
export interface ServiceJson {
  cluster: Record<string, unknown>;
  consensus: { raft?: Record<string, unknown>; crdt?: Record<string, unknown> };
  [section: string]: unknown;
}

/** A simulated host in a temp folder, with helpers to run its binaries. */
export interface SimHost {
  readonly home: string;
  readonly folder: string;
  readonly address: string;
  service(args: readonly string[], input?: string): RunResult;
  ctl(args: readonly string[]): RunResult;
  run(command: string, args: readonly string[], input?: string, env?: Record<string, string>): RunResult;
  /** Starts the daemon (or another long-running binary) as a child; resolves once READY or once it exits. */
  daemon(args?: readonly string[], options?: { command?: string; env?: Record<string, string> }): Promise<DaemonRun>;
  /** Edits service.json. */
  editConfig(edit: (config: ServiceJson) => void): void;
  config(): ServiceJson;
}

/** A daemon started by a test. */
export interface DaemonRun {
  readonly child: ChildProcess;
  readonly isReady: boolean;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

function startDaemon(home: string, args: readonly string[], options: { command?: string; env?: Record<string, string> }): Promise<DaemonRun> {
  const child = spawn(join(home, 'bin', options.command ?? 'ipfs-cluster-service'), args,
    { env: hostEnv(home, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const stop = async () => { if (child.exitCode === null) child.kill('SIGTERM'); return exited; };
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (err.includes('** IPFS Cluster is READY **')) { clearInterval(timer); resolve({ child, isReady: true, stderr: () => err, exited, stop }); }
    }, 20);
    void exited.then(() => { clearInterval(timer); resolve({ child, isReady: false, stderr: () => err, exited, stop }); });
  });
}

/** Creates a host playing `version`; `init` (raft unless told) is run unless `isBare`. Raft leader timeout is short (1s). */
export function simHost(version: string, options: { isBare?: boolean; address?: string; secret?: string; consensus?: 'raft' | 'crdt';
  ports?: { rest: number; proxy: number; cluster: number } } = {}): SimHost {
  const home = join(simTempDir('sim-host-'), 'host');
  const address = options.address ?? `${uniqueAddressBase()}.1`;
  createHost({ dir: home, version, address, peername: 'peer1', ...(options.ports ? { ports: options.ports } : {}) });
  const folder = join(home, '.ipfs-cluster');
  const host: SimHost = {
    home, folder, address,
    run: (command, args, input = '', env = {}) => runOnHost(home, command, args, input, env),
    service: (args, input = '') => runOnHost(home, 'ipfs-cluster-service', args, input, options.secret ? { CLUSTER_SECRET: options.secret } : {}),
    ctl: (args) => runOnHost(home, 'ipfs-cluster-ctl', args),
    daemon: (args = ['daemon'], options = {}) => startDaemon(home, args, options),
    config: () => JSON.parse(readFileSync(join(folder, 'service.json'), 'utf8')) as ServiceJson,
    editConfig: (edit) => {
      const config = host.config();
      edit(config);
      writeFileSync(join(folder, 'service.json'), JSON.stringify(config, null, 2));
    },
  };
  if (!options.isBare) {
    const result = host.service(specFor(version).hasIdentityJson ? ['init', '--consensus', options.consensus ?? 'raft'] : ['init']);
    if (result.status !== 0) throw new Error(`init failed: ${result.stderr}`);
    host.editConfig((c) => { if (c.consensus.raft) c.consensus.raft['wait_for_leader_timeout'] = '1s'; });
  }
  return host;
}

/** A formed cluster of `peers` hosts at `version`, stopped when the test file ends. */
export async function simCluster(version: string, peers: number, pins = 0): Promise<{ dir: string; hosts: HostInfo[] }> {
  const dir = simTempDir('sim-cluster-');
  return { dir, hosts: await upCluster({ dir, peers, version, pins, addressBase: uniqueAddressBase(), waitForLeaderTimeout: '1s' }) };
}

/** A pin export file with these CIDs as `state export` of `version` writes it (its layout and CID encoding). */
export function exportFile(dir: string, cids: readonly string[], version: string): string {
  const path = join(dir, `export-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, formatExport(cids.map((cid) => makePin(cid)), specFor(version)));
  return path;
}
