import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simDir } from './core/host.js';

/** The compiled entry points the wrappers run. */
export const ENTRIES = {
  'ipfs-cluster-service': 'service/main.js',
  'ipfs-cluster-ctl': 'ctl/main.js',
  'ipfs-cluster-install': 'install.js',
  'ipfs-cluster-sim-start': 'daemon-control.js',
  'ipfs-cluster-sim-stop': 'daemon-control.js',
  'ipfs-cluster-docker-entrypoint': 'docker-entrypoint.js',
  docker: 'docker/main.js',
} as const;

/** What makes a simulated host. */
export interface HostSpec {
  readonly dir: string;
  readonly version: string;
  readonly address: string;
  readonly peername: string;
  readonly ports?: { readonly rest: number; readonly proxy: number; readonly cluster: number };
}

function entryPath(entry: string): string {
  return fileURLToPath(new URL(entry, import.meta.url));
}

/** The shell wrapper for one binary; the two cluster binaries carry the installed version. */
export function wrapperText(name: keyof typeof ENTRIES, version: string): string {
  const versioned = name === 'ipfs-cluster-service' || name === 'ipfs-cluster-ctl';
  const env = versioned ? `IPFS_CLUSTER_SIM_VERSION=${version} ` : name === 'ipfs-cluster-sim-stop' ? 'IPFS_CLUSTER_SIM_ACTION=stop ' : '';
  return `#!/bin/sh\n# ${name}${versioned ? ` ${version}` : ''} (IPFS Cluster simulator)\n`
    + `${env}exec "${process.execPath}" "${entryPath(ENTRIES[name])}" "$@"\n`;
}

/** Writes the service and ctl wrappers of `version` into `<home>/bin` (what an install does). */
export function installBinaries(home: string, version: string): void {
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const name of ['ipfs-cluster-service', 'ipfs-cluster-ctl'] as const) {
    writeFileSync(join(bin, name), wrapperText(name, version));
    chmodSync(join(bin, name), 0o755);
  }
}

/** The version the host's installed `ipfs-cluster-service` wrapper plays, or null when none is installed. */
export function installedVersion(home: string): string | null {
  return binVersion(join(home, 'bin'));
}

/** The version the `ipfs-cluster-service` wrapper in a bin folder plays (a host's, or a simulated image's), or null. */
export function binVersion(bin: string): string | null {
  const path = join(bin, 'ipfs-cluster-service');
  if (!existsSync(path)) return null;
  return /IPFS_CLUSTER_SIM_VERSION=(\S+)/.exec(readFileSync(path, 'utf8'))?.[1] ?? null;
}

/** Creates a host folder: bin/ wrappers and .sim/host.json (address, ports, peername). */
export function createHost(spec: HostSpec): void {
  mkdirSync(simDir(spec.dir), { recursive: true });
  const ports = spec.ports ?? { rest: 9094, proxy: 9095, cluster: 9096 };
  writeFileSync(join(simDir(spec.dir), 'host.json'), `${JSON.stringify({ address: spec.address, ports, peername: spec.peername }, null, 2)}\n`);
  installBinaries(spec.dir, spec.version);
  for (const name of ['ipfs-cluster-install', 'ipfs-cluster-sim-start', 'ipfs-cluster-sim-stop', 'ipfs-cluster-docker-entrypoint', 'docker'] as const) {
    writeWrapper(join(spec.dir, 'bin'), name, spec.version);
  }
}

/** Writes one wrapper into a bin folder. */
export function writeWrapper(bin: string, name: keyof typeof ENTRIES, version: string): void {
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, name), wrapperText(name, version));
  chmodSync(join(bin, name), 0o755);
}
