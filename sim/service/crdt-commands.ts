import { writeFileSync } from 'node:fs';
import { flagValue } from '../core/args.js';
import { fatal, log } from '../core/log.js';
import { lockOrExit } from '../core/lock.js';
import { readCrdtStore, writeCrdtStore, type CrdtStore } from '../core/state.js';
import type { Invocation } from './invocation.js';
import { crdtBackendOf, loadConfigOrExit } from './state-commands.js';

/** The `state crdt` subcommands a release has (crdt and dot from v1.0.3, info and mark-dirty/clean from v1.0.4). */
export const CRDT_SUBCOMMANDS: readonly string[] = ['info', 'dot', 'mark-dirty', 'mark-clean'];

// The sim keeps no DAG: the whole key set stands as one head whose height is the highest logical clock.
function simDag(store: CrdtStore): { readonly heads: readonly string[]; readonly height: number; readonly puts: number; readonly tombs: number } {
  const entries = Object.values(store.entries ?? {});
  const height = Math.max(0, ...entries.map((e) => e.clock));
  return { heads: entries.length ? [`bafysimhead${height}`] : [], height,
    puts: entries.filter((e) => e.pin).length, tombs: entries.filter((e) => !e.pin).length };
}

/** go-ds-crdt's DotDAG: the heads subgraph, then per node its label, its links and their subgraph (crdt.go). */
function formatDot(store: CrdtStore): string {
  const dag = simDag(store);
  const nodes = dag.heads.map((h) => `${h} [label="${dag.height} | ${h.slice(-4)}: +${dag.puts} -${dag.tombs}"]\n`
    + `${h} -> {}\nsubgraph sg_${h} {\n}\n`);
  return `digraph CRDTDAG {\nsubgraph heads {\n${dag.heads.map((h) => `${h}\n`).join('')}}\n${nodes.join('')}}\n`;
}

function writeDot(inv: Invocation, store: CrdtStore): void {
  log('INFO', 'service', 'initiating CDRT-DAG DOT file export. Export might take a long time on large graphs');
  const file = flagValue(inv.local, 'file');
  if (!file) process.stdout.write(formatDot(store));
  else {
    try { writeFileSync(file, formatDot(store)); } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message;
      fatal('creating output file', `open ${file}: ${reason}`);
    }
  }
  log('INFO', 'service', 'dot file ');
}

/**
 * Runs `ipfs-cluster-service state crdt <sub>` (cmd/ipfs-cluster-service/main.go): the Before hook refuses a Raft peer,
 * then each action takes the lock. `info` and `dot` report the sim's one-head stand-in for the DAG.
 */
export async function runCrdtCommand(sub: string, inv: Invocation): Promise<void> {
  const config = loadConfigOrExit(inv);
  if (config.consensus !== 'crdt') fatal('', 'crdt subcommands can only be run on peers initialized with crdt consensus');
  const lock = await lockOrExit(inv.spec, inv.folder);
  try {
    const backend = crdtBackendOf(inv, config);
    const store = readCrdtStore(inv.folder, backend);
    if (sub === 'info') {
      const dag = simDag(store);
      process.stdout.write(`Number of heads: ${dag.heads.length}. Current max-height: ${dag.height}. `
        + `Dirty: ${store.dirty === true}\nHeads: [${dag.heads.join(' ')}]`);
    } else if (sub === 'dot') {
      writeDot(inv, store);
    } else {
      writeCrdtStore(inv.folder, backend, { ...store, dirty: sub === 'mark-dirty' });
      process.stdout.write(`Datastore marked '${sub === 'mark-dirty' ? 'dirty' : 'clean'}'\n`);
    }
  } finally {
    lock.release();
  }
}
