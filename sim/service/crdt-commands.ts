import { fatal } from '../core/log.js';
import { lockOrExit } from '../core/lock.js';
import { readCrdtStore, writeCrdtStore } from '../core/state.js';
import type { Invocation } from './invocation.js';
import { crdtBackendOf, loadConfigOrExit } from './state-commands.js';

/** The `state crdt` subcommands a release has (v1.0.3+); `dot` is not simulated. */
export const CRDT_SUBCOMMANDS: readonly string[] = ['info', 'mark-dirty', 'mark-clean'];

/**
 * Runs `ipfs-cluster-service state crdt <sub>` (cmd/ipfs-cluster-service/main.go): the Before hook refuses a Raft peer,
 * then each action takes the lock. `info` has no DAG to report: one head while the store holds keys, the highest
 * logical clock as the height.
 */
export async function runCrdtCommand(sub: string, inv: Invocation): Promise<void> {
  const config = loadConfigOrExit(inv);
  if (config.consensus !== 'crdt') fatal('', 'crdt subcommands can only be run on peers initialized with crdt consensus');
  const lock = await lockOrExit(inv.spec, inv.folder);
  try {
    const backend = crdtBackendOf(inv, config);
    const store = readCrdtStore(inv.folder, backend);
    if (sub === 'info') {
      const clocks = Object.values(store.entries ?? {}).map((e) => e.clock);
      const heads = clocks.length ? [`bafysimhead${Math.max(...clocks)}`] : [];
      process.stdout.write(`Number of heads: ${heads.length}. Current max-height: ${Math.max(0, ...clocks)}. `
        + `Dirty: ${store.dirty === true}\nHeads: [${heads.join(' ')}]`);
    } else {
      writeCrdtStore(inv.folder, backend, { ...store, dirty: sub === 'mark-dirty' });
      process.stdout.write(`Datastore marked '${sub === 'mark-dirty' ? 'dirty' : 'clean'}'\n`);
    }
  } finally {
    lock.release();
  }
}
