import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A fault a test can switch on per host (env `IPFS_CLUSTER_SIM_FAULTS` or lines in `$HOME/.sim/faults`). */
export type Fault = 'crash-at-start' | 'crash-at-start-crdt' | 'never-ready' | 'install-fails' | 'disk-full' | 'datastore-format-old'
  | 'crdt-slow' | 'new-identity' | 'pin-error';
/** Every fault name the simulator knows. */
export const FAULTS: readonly Fault[] = ['crash-at-start', 'crash-at-start-crdt', 'never-ready', 'install-fails', 'disk-full', 'datastore-format-old',
  'crdt-slow', 'new-identity', 'pin-error'];

/** Where a simulated host lives, from the environment alone (HOME and a few sim variables). */
export interface HostContext {
  readonly home: string;
  /** The release the invoked binary plays (set by the host's bin/ wrapper). */
  readonly version: string;
  /** The host's own loopback address, standing in for its 127.0.0.1. */
  readonly address: string;
  readonly ports: { readonly rest: number; readonly proxy: number; readonly cluster: number };
  readonly faults: ReadonlySet<Fault>;
  /** Run from the Docker image stand-in (`IPFS_CLUSTER_SIM_BUILD=docker`): binaries built with the commit ldflag. */
  readonly isDockerBuild: boolean;
}

interface HostFile { address?: string; ports?: { rest?: number; proxy?: number; cluster?: number } }

/** Path of the sim's own metadata folder inside a host's HOME. */
export function simDir(home: string): string {
  return join(home, '.sim');
}

function readHostFile(home: string): HostFile {
  const path = join(simDir(home), 'host.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as HostFile : {};
}

/**
 * The faults in force for `version`: a word `fault` applies always, `fault@X.Y.Z` only to that
 * release (the daemon's or service's own version; for ipfs-cluster-install, the one being
 * installed), so that a test can break the new version and still roll back to the old one.
 */
export function readFaults(home: string, env: NodeJS.ProcessEnv, version = env['IPFS_CLUSTER_SIM_VERSION'] ?? ''): Set<Fault> {
  const file = join(simDir(home), 'faults');
  const text = `${env['IPFS_CLUSTER_SIM_FAULTS'] ?? ''}\n${existsSync(file) ? readFileSync(file, 'utf8') : ''}`;
  return new Set(text.split(/[\s,]+/).flatMap((word) => {
    const [fault, only] = word.split('@');
    return (FAULTS as readonly string[]).includes(fault ?? '') && (only === undefined || only === version) ? [fault as Fault] : [];
  }));
}

/** Reads the host context from the environment; the version comes from the wrapper that ran us. */
export function hostContext(env: NodeJS.ProcessEnv): HostContext {
  const home = env['HOME'] || homedir();
  const file = readHostFile(home);
  return {
    home,
    version: env['IPFS_CLUSTER_SIM_VERSION'] ?? '',
    address: file.address ?? '127.0.0.1',
    ports: { rest: file.ports?.rest ?? 9094, proxy: file.ports?.proxy ?? 9095, cluster: file.ports?.cluster ?? 9096 },
    faults: readFaults(home, env),
    isDockerBuild: env['IPFS_CLUSTER_SIM_BUILD'] === 'docker',
  };
}
