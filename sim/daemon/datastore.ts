import type { LoadedConfig } from '../core/config.js';
import { fatal, log } from '../core/log.js';
import { readCrdtStore, writeCrdtStore, type CrdtEntries, type CrdtStore } from '../core/state.js';
import type { Invocation } from '../service/invocation.js';
import { crdtBackendOf } from '../service/state-commands.js';

function configuredFormat(config: LoadedConfig, newest: number): number {
  const pebble = ((config.raw['datastore'] as Record<string, Record<string, unknown>> | undefined)?.['pebble'] ?? {});
  const value = (pebble['pebble_options'] as Record<string, unknown> | undefined)?.['format_major_version'];
  return typeof value === 'number' ? value : newest;
}

// Pebble (datastore/pebble/pebble.go): warn when the configured format is behind the newest; refuse a database whose
// on-disk format this Pebble no longer reads; otherwise ratchet the database up to the configured format.
function openPebble(inv: Invocation, config: LoadedConfig, store: CrdtStore): CrdtStore {
  const formats = inv.spec.pebbleFormats;
  if (!formats) return store;
  const configured = configuredFormat(config, formats.newest);
  const onDisk = inv.host.faults.has('datastore-format-old') ? 1 : store.format_major_version;
  if (configured < formats.newest) {
    log('WARNING', 'pebble', `Pebble's format_major_version is set to ${configured}, but newest version is ${formats.newest}.\n\n`
      + 'It is recommended to increase format_major_version and restart. If an error\noccurrs when increasing the number several '
      + 'versions at once, it may help to\nincrease them one by one, restarting the daemon every time.\n');
  }
  if (onDisk !== undefined && onDisk < formats.min) {
    fatal('creating datastore', `pebble: database "${inv.folder}/pebble" written in format major version ${onDisk} which is no longer supported`);
  }
  // the fault stands for a database that stays in format 1 (the marker says so too)
  return { ...store, format_major_version: inv.host.faults.has('datastore-format-old') ? 1 : Math.max(onDisk ?? configured, configured) };
}

// go-ds-crdt v0.6.2+ (ipfs-cluster v1.1.2): version key 0 → rewrite every tombstoned key once, then log the format.
function migrateCrdt(inv: Invocation, store: CrdtStore, entries: CrdtEntries): CrdtStore {
  if (!inv.spec.crdtMigratesOnOpen) return store;
  if ((store.crdt_version ?? 0) === 0) {
    const affected = Object.values(entries).filter((e) => e.pin === null).length;
    log('INFO', 'crdt', `Migration v0 to v1 finished (${affected} elements affected)`);
  }
  log('INFO', 'crdt', 'CRDT database format v1');
  return { ...store, crdt_version: 1 };
}

/** Opens the CRDT datastore of the config at daemon start (exits like `error creating datastore: …`); its keys. */
export function openCrdtDatastore(inv: Invocation, config: LoadedConfig): { backend: string; entries: CrdtEntries } {
  const backend = crdtBackendOf(inv, config);
  const opened = openPebble(inv, config, readCrdtStore(inv.folder, backend));
  const entries = opened.entries ?? Object.fromEntries(opened.pins.map((pin) => [pin.cid, { pin, clock: 1, by: 'import' }]));
  writeCrdtStore(inv.folder, backend, { ...migrateCrdt(inv, opened, entries), entries });
  return { backend, entries };
}
