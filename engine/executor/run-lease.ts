import { closeSync, existsSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../core/index.js';

/** Who started, resumed, approved or rolled back a run: the user, the controller, the SSH client if any. */
export interface Actor {
  readonly user: string;
  readonly host: string;
  /** `SSH_CLIENT`'s address and port when the operator came in over SSH. */
  readonly ssh?: string;
}

/** Who holds a lease: the run, the controller process, and when it last said it is alive. */
export interface LeaseHolder {
  readonly runId: string;
  readonly pid: number;
  readonly controller: string;
  readonly startedAt: string;
  readonly heartbeatAt: string;
  readonly by: Actor;
}

/** A heartbeat is written this often; a holder on another controller is dead once it is STALE_MS old. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 60_000;

/** The lease file of a host (`host-<name>`) or of a run (`run-<id>`): one component, whatever the name holds. */
function leaseFile(dir: string, key: string): string {
  return join(dir, `${encodeURIComponent(key)}.json`);
}

/** The holder recorded in a lease, or undefined when there is none (or it cannot be read). */
export function holderOf(dir: string, key: string): LeaseHolder | undefined {
  try {
    return JSON.parse(readFileSync(leaseFile(dir, key), 'utf8')) as LeaseHolder;
  } catch {
    return undefined;
  }
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a holder may still be running: on this controller, whether its pid is alive; on another,
 * whether its heartbeat is fresh.
 */
export function isLive(holder: LeaseHolder, now = Date.now()): boolean {
  if (holder.controller === hostname()) return holder.pid === process.pid || isPidAlive(holder.pid);
  return now - Date.parse(holder.heartbeatAt) < STALE_MS;
}

function describeHolder(holder: LeaseHolder): string {
  const age = Math.round((Date.now() - Date.parse(holder.heartbeatAt)) / 1000);
  return `run ${holder.runId} (pid ${holder.pid} on ${holder.controller}, by ${holder.by.user}, since ${holder.startedAt}, heartbeat ${age} s ago)`;
}

/** Creates the lease file only if there is none (O_EXCL): true when it is ours. */
function create(file: string, holder: LeaseHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves a dead (or broken) holder's lease aside, then checks that what was moved is the holder that
 * was judged: a lease another controller took meanwhile is put back.
 */
function takeAway(file: string, judged: LeaseHolder): boolean {
  const aside = `${file}.${process.pid}.taken`;
  try {
    renameSync(file, aside);
  } catch {
    return false;
  }
  const moved = JSON.parse(readFileSync(aside, 'utf8')) as LeaseHolder;
  if (moved.runId !== judged.runId || moved.pid !== judged.pid || moved.startedAt !== judged.startedAt) {
    try {
      linkSync(aside, file);
    } catch {
      // someone holds it again: theirs stands
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

/** Leases taken for a run; `release` gives them back (only those still ours). */
export interface Leases {
  /** Holders whose leases were taken over (dead) or broken (`--break-lock`), per key. */
  readonly takenFrom: readonly { readonly key: string; readonly holder: LeaseHolder; readonly isBroken: boolean }[];
  release(): void;
}

function refused(key: string, holder: LeaseHolder): EngineError {
  const what = key.startsWith('run-') ? `run ${key.slice(4)} is being run` : `host ${key.slice(5)} is in use`;
  return new EngineError('failed', `${what} by ${describeHolder(holder)}`, {
    hint: 'wait for that run to end; if it is gone for good, `--break-lock REASON` takes its lease (the reason goes to the journal)' });
}

/**
 * Takes the leases of a run (its own, `run-<id>`, and one per host it touches, `host-<name>`) in
 * `dir`, each file created atomically; refused (exit 1), naming the holder, when a live run holds
 * one. A dead holder's lease is taken over; with `breakLock`, a live one's too. A heartbeat keeps
 * them fresh until `release`.
 */
export function acquireLeases(dir: string, input: { runId: string; hosts: readonly string[]; by: Actor; breakLock?: string }): Leases {
  const now = new Date().toISOString();
  const holder: LeaseHolder = { runId: input.runId, pid: process.pid, controller: hostname(), startedAt: now, heartbeatAt: now, by: input.by };
  const keys = [`run-${input.runId}`, ...[...new Set(input.hosts)].sort().map((h) => `host-${h}`)];
  const taken: string[] = [];
  const takenFrom: { key: string; holder: LeaseHolder; isBroken: boolean }[] = [];
  const release = () => {
    for (const key of taken) {
      const current = holderOf(dir, key);
      if (current?.pid === holder.pid && current.runId === holder.runId) unlinkSync(leaseFile(dir, key));
    }
  };
  try {
    for (const key of keys) {
      const file = leaseFile(dir, key);
      for (let tries = 0; !create(file, holder); tries++) {
        const current = holderOf(dir, key);
        if (!current) {
          if (existsSync(file) && tries > 2) throw new EngineError('failed', `${file}: not a lease: remove it if no run is going on`);
          continue;
        }
        const isBroken = isLive(current);
        if (isBroken && input.breakLock === undefined) throw refused(key, current);
        if (takeAway(file, current)) takenFrom.push({ key, holder: current, isBroken });
        if (tries > 5) throw refused(key, current);
      }
      taken.push(key);
    }
  } catch (error) {
    release();
    throw error;
  }
  const beat = setInterval(() => {
    const fresh = JSON.stringify({ ...holder, heartbeatAt: new Date().toISOString() });
    for (const key of taken) {
      const file = leaseFile(dir, key);
      if (holderOf(dir, key)?.pid !== holder.pid) continue;
      try {
        writeFileSafely(file, fresh);
      } catch {
        // a missed heartbeat only matters to another controller, after a minute
      }
    }
  }, HEARTBEAT_MS);
  beat.unref();
  return { takenFrom, release: () => { clearInterval(beat); release(); } };
}

function writeFileSafely(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.beat`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
