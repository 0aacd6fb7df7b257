import { createHash } from 'node:crypto';
import { existsSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import type { VersionSpec } from '../versions.js';
import { fatal, log } from './log.js';

/** A held execution lock on `<folder>/cluster.lock`. */
export interface Lock { release(): void }

// The real lock is an fcntl lock the OS drops when the process dies. A Linux abstract socket named after the folder
// behaves the same: it vanishes with its process, so a stale cluster.lock never blocks the next run.
function socketName(folder: string): string {
  const path = existsSync(folder) ? realpathSync(folder) : resolve(folder);
  return `\0ipfs-cluster-sim-lock-${createHash('sha1').update(path).digest('hex')}`;
}

function tryListen(name: string): Promise<Server | null> {
  return new Promise((done) => {
    const server = createServer((socket) => socket.end());
    server.once('error', () => done(null));
    server.listen(name, () => { server.unref(); done(server); });
  });
}

/** True when a running process holds the lock of this config folder. */
export function isLockHeld(folder: string): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection(socketName(folder));
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

/** Takes the lock, or returns null when another process holds it. */
export async function tryLock(folder: string): Promise<Lock | null> {
  const server = await tryListen(socketName(folder));
  if (!server) return null;
  const file = join(folder, 'cluster.lock');
  if (existsSync(folder)) writeFileSync(file, '');
  return { release: () => { server.close(); rmSync(file, { force: true }); } };
}

function refuseLock(spec: VersionSpec, folder: string): never {
  const file = join(folder, 'cluster.lock');
  if (spec.lockStyle === 'v0.3' || spec.lockStyle === 'v0.4') {
    log('ERROR', 'service', 'could not obtain execution lock.  If no other process');
    log('ERROR', 'service', `is running, remove ${file}, or make sure that the config folder is`);
    log('ERROR', 'service', 'writable for the user running ipfs-cluster.  Run with -d for more information');
    log('ERROR', 'service', 'about the error');
    fatal('acquiring execution lock', 'could not obtain execution lock');
  }
  const inner = spec.lockStyle === 'v0.11'
    ? `cannot acquire lock: Lock FcntlFlock of ${file} failed: resource temporarily unavailable`
    : `lock ${file}: someone else has the lock`;
  fatal('obtaining execution lock', `${inner}. If no other ipfs-cluster-service process is running, remove ${file}, `
    + 'or make sure that the config folder is writable for the user running ipfs-cluster-service.');
}

/** Takes the lock the way each release's `lock()` does, printing the release's error and exiting 1 on failure. */
export async function lockOrExit(spec: VersionSpec, folder: string): Promise<Lock> {
  if (spec.lockStyle === 'v0.4') {
    const missing = [folder, join(folder, 'service.json')].find((p) => !existsSync(p));
    if (missing) {
      log('ERROR', 'service', 'ipfs-cluster-service config hasn\'t been initialized.');
      log('ERROR', 'service', 'Please run ipfs-cluster-service init');
      fatal('acquiring execution lock', `stat ${missing}: no such file or directory`);
    }
  }
  const lock = await tryLock(folder);
  return lock ?? refuseLock(spec, folder);
}
