import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flagValue, hasFlag } from '../core/args.js';
import { extractIdentity, loadConfig, type LoadedConfig } from '../core/config.js';
import { fatal, log } from '../core/log.js';
import { lockOrExit } from '../core/lock.js';
import { formatExport, parseExport } from '../core/pin-json.js';
import { readPeerstore } from '../core/peerstore.js';
import { cleanupRaft, readCrdtPins, readLatestSnapshot, writeCrdtPins, writeSnapshot, type Member, type Pin } from '../core/state.js';
import { readAllStdin, yesNoPrompt } from '../core/stdin.js';
import { loopbackFor, parseMultiaddr } from '../core/multiaddr.js';
import type { VersionSpec } from '../versions.js';
import type { Invocation } from './invocation.js';

/** The format number a ≥0.11 binary writes into a Raft snapshot (datastore state; the sim's own marker). */
export const DSSTATE_FORMAT = 7;

/** The format a binary writes, and whether it can read a stored one. */
export function writtenFormat(spec: VersionSpec): number {
  return spec.stateFormat ?? DSSTATE_FORMAT;
}

/** The Raft data folder of a config. */
export function raftFolderOf(inv: Invocation, config: LoadedConfig): string {
  return config.dataFolder ?? join(inv.folder, inv.spec.raftFolder);
}

/** The CRDT datastore backend named in the config (or the release default). */
export function crdtBackendOf(inv: Invocation, config: LoadedConfig): string {
  const datastore = config.raw['datastore'] as Record<string, unknown> | undefined;
  return Object.keys(datastore ?? {})[0] ?? inv.spec.crdtDatastore ?? 'badger';
}

/** Loads the config or exits with the release's error; v0.11+ first moves a service.json identity into identity.json. */
export function loadConfigOrExit(inv: Invocation): LoadedConfig {
  try {
    if (inv.spec.extractsIdentity) extractIdentity(inv.folder);
    return loadConfig(inv.folder, inv.spec, inv.env);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return fatal('loading configurations', e.code === 'ENOENT' ? `open ${e.path}: no such file or directory` : e.message);
  }
}

/** The peers a fresh snapshot lists: the peerstore's plus ourselves (like importState/upgrade's SnapshotSave). */
export function snapshotPeers(inv: Invocation, config: LoadedConfig): Member[] {
  const listen = parseMultiaddr(config.clusterListen);
  const self = { id: config.identity.id, addr: `/ip4/${loopbackFor(listen?.host ?? '', inv.host.address)}/tcp/${listen?.port ?? 9096}` };
  return [...readPeerstore(inv.folder).filter((p) => p.id !== self.id), self];
}

function isForced(inv: Invocation): boolean {
  return inv.spec.forceFlag === 'global' ? hasFlag(inv.globals, 'force') : hasFlag(inv.local, 'force');
}

function saveSnapshot(inv: Invocation, config: LoadedConfig, pins: readonly Pin[], doing: string, at = { term: 1, index: 1 }): void {
  const folder = raftFolderOf(inv, config);
  cleanupRaft(folder, config.backupsRotate, inv.spec.backupsRotateDefault === null);
  try {
    writeSnapshot(folder, { format: writtenFormat(inv.spec), pins, peers: snapshotPeers(inv, config), ...at },
      inv.host.faults.has('disk-full'));
  } catch (error) {
    fatal(doing, (error as Error).message);
  }
}

function readPins(inv: Invocation, config: LoadedConfig, doing: string): Pin[] {
  if (config.consensus === 'crdt') return readCrdtPins(inv.folder, crdtBackendOf(inv, config));
  const snap = readLatestSnapshot(raftFolderOf(inv, config));
  if (!snap) return inv.spec.stateFormat === null ? [] : fatal(doing, 'no snapshot found');
  if (inv.spec.stateFormat === null && snap.format < 6) fatal(doing, `unsupported state version ${snap.format}`);
  return [...snap.pins];
}

function exportState(inv: Invocation, config: LoadedConfig): void {
  const text = formatExport(readPins(inv, config, 'exporting state'), inv.spec);
  const file = flagValue(inv.local, 'file');
  if (file) writeFileSync(file, text);
  else process.stdout.write(text);
}

function readImportInput(inv: Invocation): string {
  const file = inv.local.args[0];
  if (file) {
    try { return readFileSync(file, 'utf8'); } catch { return fatal('importing state', `open ${file}: no such file or directory`); }
  }
  if (inv.spec.stdinNotice === 'log') log('INFO', 'service', 'Reading from stdin, Ctrl-D to finish');
  else process.stdout.write('reading from stdin, Ctrl-D to finish\n');
  return readAllStdin();
}

function importState(inv: Invocation, config: LoadedConfig): void {
  if (!isForced(inv) && !yesNoPrompt(inv.spec.importPrompt)) return;
  const text = readImportInput(inv);
  // v0.11+ cleans the state before it parses the file, so a bad file still costs the current state.
  if (inv.spec.importCleansFirst) cleanState(inv, config);
  let pins: Pin[];
  try { pins = parseExport(text, inv.spec); } catch (error) { return fatal('importing state', (error as Error).message); }
  if (config.consensus === 'crdt') writeCrdtPins(inv.folder, crdtBackendOf(inv, config), pins);
  else saveSnapshot(inv, config, pins, 'importing state');
}

function upgradeState(inv: Invocation, config: LoadedConfig): void {
  const snap = readLatestSnapshot(raftFolderOf(inv, config));
  const current = writtenFormat(inv.spec);
  if (!snap) return fatal('upgrading state', 'no snapshot found');
  if (snap.format === current) { log('WARNING', 'service', 'Skipping migration of up-to-date state'); return; }
  if (snap.format > current) fatal('upgrading state', `unsupported state version ${snap.format}`);
  for (let from = snap.format; from < current; from++) log('INFO', 'mapstate', `Migrating state from version ${from} to ${from + 1}`);
  saveSnapshot(inv, config, snap.pins, 'upgrading state', { term: snap.term, index: snap.index });
}

function cleanState(inv: Invocation, config: LoadedConfig): void {
  if (config.consensus === 'crdt') {
    const backend = crdtBackendOf(inv, config);
    if (existsSync(join(inv.folder, backend))) writeCrdtPins(inv.folder, backend, []);
    return;
  }
  try {
    cleanupRaft(raftFolderOf(inv, config), config.backupsRotate, inv.spec.backupsRotateDefault === null);
  } catch (error) {
    fatal(inv.spec.cleanupDoing, (error as Error).message);
  }
}

/** Runs `ipfs-cluster-service state <sub>` (the subcommand exists in this release; checked by the caller). */
export async function runStateCommand(sub: string, inv: Invocation): Promise<void> {
  if (sub === 'version') { process.stdout.write(`${inv.spec.stateFormat}\n`); return; }
  if (inv.spec.lockStyle === 'v0.11' || inv.spec.lockStyle === 'v0.13') mkdirSync(inv.folder, { recursive: true });
  const lock = await lockOrExit(inv.spec, inv.folder);
  try {
    const config = loadConfigOrExit(inv);
    if (sub === 'export') exportState(inv, config);
    else if (sub === 'import') importState(inv, config);
    else if (sub === 'upgrade') upgradeState(inv, config);
    else if (sub === 'cleanup' && (isForced(inv) || yesNoPrompt(inv.spec.cleanupPrompt))) cleanState(inv, config);
  } finally {
    lock.release();
  }
}
