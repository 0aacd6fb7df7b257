import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { flagValue, hasFlag } from '../core/args.js';
import { buildServiceConfig, loadConfig, newIdentity, writeIdentity, writeJson, type Identity } from '../core/config.js';
import { simDir } from '../core/host.js';
import { lockOrExit, type Lock } from '../core/lock.js';
import { log } from '../core/log.js';
import { cleanupRaft } from '../core/state.js';
import { yesNoPrompt } from '../core/stdin.js';
import type { Invocation } from './invocation.js';
import { raftFolderOf } from './state-commands.js';

function peername(inv: Invocation): string {
  const path = join(simDir(inv.host.home), 'host.json');
  const file = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as { peername?: string } : {};
  return file.peername ?? hostname();
}

function writeConfig(inv: Invocation, identity: Identity): string {
  const consensus = inv.spec.initDefaultConsensus === 'raft' ? 'raft' : (flagValue(inv.local, 'consensus') ?? 'crdt');
  const datastore = flagValue(inv.local, 'datastore');
  const values = { peername: peername(inv), consensus: consensus === 'raft' ? 'raft' : 'crdt', address: inv.host.address,
    ports: inv.host.ports, ...(inv.env['CLUSTER_SECRET'] ? { secret: inv.env['CLUSTER_SECRET'] } : {}),
    ...(datastore ? { datastore } : {}) } as const;
  const path = join(inv.folder, 'service.json');
  mkdirSync(inv.folder, { recursive: true });
  writeJson(path, buildServiceConfig(inv.spec, values, identity));
  return path;
}

// v0.3–v0.6: no lock, no prompt; an existing config needs the global -f.
function initLegacy(inv: Invocation): void {
  const path = join(inv.folder, 'service.json');
  if (existsSync(path) && !hasFlag(inv.globals, 'force')) {
    process.stderr.write(`error : ${path} exists. Try running: ipfs-cluster-service -f init\n`);
    process.exit(1);
  }
  process.stderr.write(`ipfs-cluster-service configuration written to ${writeConfig(inv, newIdentity(inv.spec))}\n`);
}

// v0.7–v0.10: always prompts on an existing config (the global -f is ignored until PR #780), then rotates the state.
async function initRotating(inv: Invocation): Promise<void> {
  const path = join(inv.folder, 'service.json');
  let lock: Lock | undefined;
  if (existsSync(path)) {
    lock = await lockOrExit(inv.spec, inv.folder);
    const prompt = 'The peer\'s state will be removed from the load path.  Existing pins may be lost.\n'
      + 'Configuration(service.json) will be overwritten. Continue? [y/n]:';
    if (!yesNoPrompt(prompt)) { lock.release(); return; }
    const config = loadConfig(inv.folder, inv.spec, inv.env);
    const folder = raftFolderOf(inv, config);
    cleanupRaft(folder, config.backupsRotate, false);
    log('WARNING', 'service', `the ${folder} folder has been rotated.  Next start will use an empty state`);
  }
  process.stderr.write(`ipfs-cluster-service configuration written to ${writeConfig(inv, newIdentity(inv.spec))}\n`);
  lock?.release();
}

// v0.11+: prompts unless the subcommand's --force; writes identity.json only if missing, always the peerstore.
async function initModern(inv: Invocation): Promise<void> {
  const path = join(inv.folder, 'service.json');
  const identityPath = join(inv.folder, 'identity.json');
  mkdirSync(inv.folder, { recursive: true });
  const lock = existsSync(path) || existsSync(identityPath) ? await lockOrExit(inv.spec, inv.folder) : undefined;
  if (existsSync(path) && !hasFlag(inv.local, 'force') && !yesNoPrompt('The configuration file will be overwritten. Continue? [y/n]:')) {
    lock?.release();
    return;
  }
  const hasIdentity = existsSync(identityPath);
  const identity = hasIdentity ? JSON.parse(readFileSync(identityPath, 'utf8')) as Identity : newIdentity(inv.spec);
  process.stderr.write(`configuration written to ${writeConfig(inv, identity)}.\n`);
  if (!hasIdentity) {
    writeIdentity(identityPath, identity);
    process.stderr.write(`new identity written to ${identityPath}\n`);
  }
  const peers = (flagValue(inv.local, 'peers') ?? '').split(',').filter(Boolean);
  writeFileSync(join(inv.folder, 'peerstore'), peers.map((p) => `${p}\n`).join(''));
  process.stderr.write(peers.length ? `peerstore written to ${join(inv.folder, 'peerstore')} with ${peers.length} entries.\n`
    : `new empty peerstore written to ${join(inv.folder, 'peerstore')}.\n`);
  lock?.release();
}

/** Runs `ipfs-cluster-service init` with the behaviour of the release. */
export async function runInit(inv: Invocation): Promise<void> {
  if (inv.spec.initOnExisting === 'exists-error') initLegacy(inv);
  else if (inv.spec.initOnExisting === 'prompt-rotate') await initRotating(inv);
  else await initModern(inv);
}
