import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log.js';

/** One pin as the simulator keeps it. */
export interface Pin {
  readonly cid: string;
  readonly name: string;
  readonly replication_factor_min: number;
  readonly replication_factor_max: number;
  readonly allocations: readonly string[];
  /** When the pin reached the consensus (v0.14.2+ record it); absent for pins made by older releases. */
  readonly timestamp?: string;
}

/** A peer of the Raft peerset with the address the others dial. */
export interface Member { readonly id: string; readonly addr: string }

/** What a snapshot holds: the state format version and the pinset (plus the Raft configuration). */
export interface Snapshot {
  readonly format: number;
  readonly pins: readonly Pin[];
  readonly peers: readonly Member[];
  readonly term: number;
  readonly index: number;
}

/** The live Raft log stand-in (`raft.db`): everything since the last snapshot, kept whole. */
export interface RaftDb {
  readonly term: number;
  readonly index: number;
  readonly peers: readonly Member[];
  readonly pins: readonly Pin[];
}

/** A pin with defaults filled in. */
export function makePin(cid: string, name = '', timestamp?: string): Pin {
  return { cid, name, replication_factor_min: -1, replication_factor_max: -1, allocations: [], ...(timestamp ? { timestamp } : {}) };
}

function snapshotDirs(folder: string): string[] {
  const dir = join(folder, 'snapshots');
  if (!existsSync(dir)) return [];
  const key = (name: string) => name.split('-').map(Number);
  return readdirSync(dir).filter((n) => existsSync(join(dir, n, 'state.bin'))).sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < 3; i++) if ((ka[i] ?? 0) !== (kb[i] ?? 0)) return (ka[i] ?? 0) - (kb[i] ?? 0);
    return 0;
  }).map((n) => join(dir, n));
}

/** The newest snapshot in a Raft folder, or null when there is none. */
export function readLatestSnapshot(folder: string): Snapshot | null {
  const dirs = snapshotDirs(folder);
  const latest = dirs[dirs.length - 1];
  if (!latest) return null;
  const bin = JSON.parse(readFileSync(join(latest, 'state.bin'), 'utf8')) as { format_version: number; pins: Pin[] };
  const meta = JSON.parse(readFileSync(join(latest, 'meta.json'), 'utf8')) as { Peers?: Member[]; Term?: number; Index?: number };
  return { format: bin.format_version, pins: bin.pins, peers: meta.Peers ?? [], term: meta.Term ?? 1, index: meta.Index ?? 1 };
}

/** Writes a snapshot (keeping at most 5, like RaftMaxSnapshots); `isDiskFull` fails the write like ENOSPC. */
export function writeSnapshot(folder: string, snap: Snapshot, isDiskFull: boolean): void {
  const dir = join(folder, 'snapshots', `${snap.term}-${snap.index}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ Version: 1, ID: `${snap.term}-${snap.index}`, Index: snap.index,
    Term: snap.term, Peers: snap.peers, Size: snap.pins.length }));
  if (isDiskFull) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`write ${join(dir, 'state.bin')}: no space left on device`);
  }
  writeFileSync(join(dir, 'state.bin'), JSON.stringify({ format_version: snap.format, pins: snap.pins }));
  for (const old of snapshotDirs(folder).slice(0, -5)) rmSync(old, { recursive: true, force: true });
}

/** Reads `raft.db`, or null when the folder has no log. */
export function readRaftDb(folder: string): RaftDb | null {
  const path = join(folder, 'raft.db');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as RaftDb : null;
}

/** Writes `raft.db`. */
export function writeRaftDb(folder: string, db: RaftDb): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'raft.db'), JSON.stringify(db));
}

/** The `.old.N` backups of a Raft folder that rotation sees (it stops at the first gap). */
export function listBackups(folder: string): string[] {
  const found: string[] = [];
  while (existsSync(`${folder}.old.${found.length}`)) found.push(`${folder}.old.${found.length}`);
  return found;
}

function shiftBackups(folder: string, keep: number): void {
  const backups = listBackups(folder);
  for (let i = backups.length - 1; i >= 0; i--) {
    if (i + 1 >= keep) rmSync(`${folder}.old.${i}`, { recursive: true, force: true });
    else renameSync(`${folder}.old.${i}`, `${folder}.old.${i + 1}`);
  }
}

/**
 * Cleans a Raft folder the way `CleanupRaft` does: rename to `.old.0`, shifting older copies and dropping those past
 * `keep`. From v0.4.0 a folder with no snapshot (or none at all) is just removed; v0.3.x always rotates.
 */
export function cleanupRaft(folder: string, keep: number, isLegacy: boolean): void {
  if (!isLegacy) {
    if (!existsSync(folder)) return;
    if (snapshotDirs(folder).length === 0) {
      log('INFO', 'raft', `cleaning empty Raft data folder (${folder})`);
      rmSync(folder, { recursive: true, force: true });
      return;
    }
    log('INFO', 'raft', `cleaning and backing up Raft data folder (${folder})`);
  }
  shiftBackups(folder, keep);
  if (!existsSync(folder)) {
    log('WARNING', 'raft', `rename ${folder} ${folder}.old.0: no such file or directory`);
    log('WARNING', 'service', 'the state could not be cleaned properly');
    log('WARNING', 'service', 'manual intervention may be needed before starting cluster again');
    return;
  }
  renameSync(folder, `${folder}.old.0`);
}

/** The CRDT key set: per CID the last write (a pin, or null for a tombstone) with its logical clock and writer. */
export type CrdtEntries = Readonly<Record<string, { readonly pin: Pin | null; readonly clock: number; readonly by: string }>>;

/** What `<config>/<backend>/state.json` holds: the live pins, the CRDT keys, and datastore markers. */
export interface CrdtStore {
  readonly pins: readonly Pin[];
  readonly entries?: CrdtEntries;
  /** go-ds-crdt's own format (v0.6.2+ migrates 0 → 1 on first open, ipfs-cluster v1.1.2). */
  readonly crdt_version?: number;
  /** Pebble's on-disk format major version (its `format-version` marker). */
  readonly format_major_version?: number;
  /** `state crdt mark-dirty` / `mark-clean`. */
  readonly dirty?: boolean;
}

/** The CRDT datastore stand-in: `<config>/<backend>/state.json`. */
export function crdtStatePath(configFolder: string, backend: string): string {
  return join(configFolder, backend, 'state.json');
}

/** Reads the CRDT datastore (empty when there is none). */
export function readCrdtStore(configFolder: string, backend: string): CrdtStore {
  const path = crdtStatePath(configFolder, backend);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as CrdtStore : { pins: [] };
}

// Pebble records its format major version (from FormatVersioned, 2) in the name of an empty marker file,
// `marker.format-version.<iteration, 6 digits>.<version, 3 digits>`, moved (next iteration) when it changes;
// a database without one is in format 1 (FormatMostCompatible).
function writeFormatMarker(folder: string, version: number): void {
  const markers = readdirSync(folder).filter((f) => f.startsWith('marker.format-version.'));
  const name = (iteration: number) => `marker.format-version.${String(iteration).padStart(6, '0')}.${String(version).padStart(3, '0')}`;
  if (markers.some((m) => m.endsWith(`.${String(version).padStart(3, '0')}`))) return;
  const last = Math.max(0, ...markers.map((m) => Number(m.split('.')[2])));
  if (version >= 2) writeFileSync(join(folder, name(last + 1)), '');
  for (const old of markers) rmSync(join(folder, old));
}

/** Writes the CRDT datastore (and Pebble's format marker). */
export function writeCrdtStore(configFolder: string, backend: string, store: CrdtStore): void {
  mkdirSync(join(configFolder, backend), { recursive: true });
  writeFileSync(crdtStatePath(configFolder, backend), JSON.stringify(store));
  if (backend === 'pebble' && store.format_major_version !== undefined) writeFormatMarker(join(configFolder, backend), store.format_major_version);
}

/** Reads the live CRDT pinset (empty when there is none). */
export function readCrdtPins(configFolder: string, backend: string): Pin[] {
  return [...readCrdtStore(configFolder, backend).pins];
}

/** Replaces the CRDT pinset (state import/cleanup): new keys written by this peer, datastore markers kept. */
export function writeCrdtPins(configFolder: string, backend: string, pins: readonly Pin[]): void {
  const { entries: _old, pins: _pins, ...markers } = readCrdtStore(configFolder, backend);
  const entries = Object.fromEntries(pins.map((pin) => [pin.cid, { pin, clock: 1, by: 'import' }]));
  writeCrdtStore(configFolder, backend, { ...markers, pins, entries });
}
