import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simHost, type SimHost } from '../helpers/sim.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';

/** Starts the host's daemon, runs `during` while it is up, stops it; the daemon's stderr. */
async function runOnce(host: SimHost, during: () => void = () => undefined): Promise<string> {
  const daemon = await host.daemon();
  assert.ok(daemon.isReady, daemon.stderr());
  during();
  assert.equal(await daemon.stop(), 0);
  return daemon.stderr();
}

const setFormat = (host: SimHost, version: number) => host.editConfig((c) => {
  (c['datastore'] as { pebble: { pebble_options: Record<string, unknown> } }).pebble.pebble_options['format_major_version'] = version;
});

test('datastore per release: badger on 0.11–1.0.0 (leveldb selectable from 0.14), pebble with its newest format from 1.0.8', () => {
  assert.deepEqual(Object.keys(simHost('0.11.0', { consensus: 'crdt' }).config()['datastore'] as object), ['badger']);
  assert.deepEqual(Object.keys(simHost('1.0.0', { consensus: 'crdt' }).config()['datastore'] as object), ['badger']);
  assert.deepEqual(simHost('1.0.8', { consensus: 'crdt' }).config()['datastore'], { pebble: { pebble_options: { format_major_version: 16 } } });
  const leveldb = simHost('0.14.5', { isBare: true });
  assert.equal(leveldb.service(['init', '--consensus', 'crdt', '--datastore', 'leveldb']).status, 0);
  assert.deepEqual(Object.keys(leveldb.config()['datastore'] as object), ['leveldb']);
  assert.match(simHost('0.13.3', { isBare: true }).service(['init', '--datastore', 'leveldb']).stdout, /^Incorrect Usage: flag provided but not defined: -datastore/);
});

test('init writes Pebble\'s FormatNewest of the release\'s go.mod: 16 on 1.1.2 (v1.1.2), 19 on 1.1.4 (v2.0.3), 24 on 1.1.5 and 1.1.6 (v2.1.x)', () => {
  const formatOf = (version: string) => simHost(version, { consensus: 'crdt' }).config()['datastore'];
  assert.deepEqual(formatOf('1.1.2'), { pebble: { pebble_options: { format_major_version: 16 } } });
  assert.deepEqual(formatOf('1.1.4'), { pebble: { pebble_options: { format_major_version: 19 } } });
  assert.deepEqual(formatOf('1.1.5'), { pebble: { pebble_options: { format_major_version: 24 } } });
  assert.deepEqual(formatOf('1.1.6'), { pebble: { pebble_options: { format_major_version: 24 } } });
});

test('1.0.8 warns when format_major_version is behind the newest; 1.1.6 (Pebble v2) refuses a database still at format 1', async () => {
  const host = simHost('1.0.8', { consensus: 'crdt' });
  setFormat(host, 1);
  assert.match(await runOnce(host), /WARNING +pebble: Pebble's format_major_version is set to 1, but newest version is 16\.\n/);
  assert.equal(host.run('ipfs-cluster-install', ['1.1.6']).status, 0);
  const refused = await host.daemon();
  assert.equal(await refused.exited, 1);
  assert.match(refused.stderr(), new RegExp(`error creating datastore: pebble: database "${host.folder}/pebble" written in format major version 1 which is no longer supported\\n$`));
});

test('raising format_major_version to 16 on 1.0.8 and restarting ratchets the database, so 1.1.2 and 1.1.6 open it', async () => {
  const host = simHost('1.0.8', { consensus: 'crdt' });
  setFormat(host, 1);
  await runOnce(host);
  setFormat(host, 16);
  assert.doesNotMatch(await runOnce(host), /format_major_version is set/);
  host.run('ipfs-cluster-install', ['1.1.2']);
  await runOnce(host);
  host.run('ipfs-cluster-install', ['1.1.6']);
  assert.match(await runOnce(host), /WARNING +pebble: Pebble's format_major_version is set to 16, but newest version is 24\./);
});

test('fault datastore-format-old: the on-disk Pebble format reads 1, so 1.1.4+ refuse to start while 1.1.2 still opens it', async () => {
  const host = simHost('1.1.2', { consensus: 'crdt' });
  const opened = await host.daemon(['daemon'], { env: { IPFS_CLUSTER_SIM_FAULTS: 'datastore-format-old' } });
  assert.ok(opened.isReady, opened.stderr());
  await opened.stop();
  host.run('ipfs-cluster-install', ['1.1.4']);
  const refused = await host.daemon(['daemon'], { env: { IPFS_CLUSTER_SIM_FAULTS: 'datastore-format-old' } });
  assert.equal(await refused.exited, 1);
  assert.match(refused.stderr(), /written in format major version 1 which is no longer supported\n$/);
});

test('1.1.2 runs the one-off CRDT migration on its first start (counting removed pins), later starts only log the format', async () => {
  const host = simHost('1.0.8', { consensus: 'crdt' });
  const before = await runOnce(host, () => { host.ctl(['pin', 'add', CID]); host.ctl(['pin', 'rm', CID]); });
  assert.doesNotMatch(before, /CRDT database format/);
  host.run('ipfs-cluster-install', ['1.1.2']);
  const first = await runOnce(host);
  assert.match(first, /INFO +crdt: Migration v0 to v1 finished \(1 elements affected\)\n[\s\S]*INFO +crdt: CRDT database format v1\n/);
  const second = await runOnce(host);
  assert.doesNotMatch(second, /Migration v0 to v1/);
  assert.match(second, /CRDT database format v1/);
  host.run('ipfs-cluster-install', ['1.1.6']);
  assert.doesNotMatch(await runOnce(host), /Migration v0 to v1/, 'the version key is kept across upgrades');
});

test('`state crdt` exists from 1.0.3: info and mark-dirty/mark-clean on a CRDT peer, refused on a Raft peer, unknown on 1.0.0', () => {
  assert.deepEqual(simHost('1.0.0', { consensus: 'crdt' }).service(['state', 'crdt', 'info']), { status: 3, stdout: '', stderr: 'No help topic for \'crdt\'\n' });
  const host = simHost('1.0.8', { consensus: 'crdt' });
  assert.deepEqual(host.service(['state', 'crdt', 'info']), { status: 0, stdout: 'Number of heads: 0. Current max-height: 0. Dirty: false\nHeads: []', stderr: '' });
  assert.deepEqual(host.service(['state', 'crdt', 'mark-dirty']), { status: 0, stdout: 'Datastore marked \'dirty\'\n', stderr: '' });
  assert.match(host.service(['state', 'crdt', 'info']).stdout, /Dirty: true\n/);
  assert.equal(host.service(['state', 'crdt', 'mark-clean']).stdout, 'Datastore marked \'clean\'\n');
  assert.deepEqual(simHost('1.1.6').service(['state', 'crdt', 'info']),
    { status: 1, stdout: '', stderr: 'error : crdt subcommands can only be run on peers initialized with crdt consensus\n' });
});

test('`state crdt dot` (1.0.8+, go-ds-crdt DotDAG) prints the heads subgraph and a node per head; -f writes it to a file', async () => {
  assert.equal(simHost('1.0.0', { consensus: 'crdt' }).service(['state', 'crdt', 'dot']).status, 3);
  const host = simHost('1.0.8', { consensus: 'crdt' });
  const empty = host.service(['state', 'crdt', 'dot']);
  assert.equal(empty.stdout, 'digraph CRDTDAG {\nsubgraph heads {\n}\n}\n');
  assert.equal(simHost('1.1.6', { consensus: 'crdt' }).service(['state', 'crdt', 'dot']).stdout, empty.stdout);
  assert.match(empty.stderr, /INFO +service: initiating CDRT-DAG DOT file export\. Export might take a long time on large graphs\n.*INFO +service: dot file \n$/);
  await runOnce(host, () => { host.ctl(['pin', 'add', CID]); host.ctl(['pin', 'rm', CID]); host.ctl(['pin', 'add', 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn']); });
  const file = join(host.home, 'dag.dot');
  assert.equal(host.service(['state', 'crdt', 'dot', '-f', file]).stdout, '');
  const [head] = host.service(['state', 'crdt', 'info']).stdout.match(/bafysimhead\d+/) ?? [];
  assert.ok(head);
  assert.match(readFileSync(file, 'utf8'), new RegExp(`^digraph CRDTDAG \\{\\nsubgraph heads \\{\\n${head}\\n\\}\\n${head} \\[label="\\d+ \\| ${head.slice(-4)}: \\+1 -1"\\]\\n`
    + `${head} -> \\{\\}\\nsubgraph sg_${head} \\{\\n\\}\\n\\}\\n$`));
  assert.match(host.service(['state', 'crdt', 'dot', '-f', join(host.home, 'no', 'dag.dot')]).stderr, /error creating output file: open .*\/no\/dag\.dot: no such file or directory\n$/);
});

test('Pebble\'s format marker: marker.format-version.<iteration>.<version> moves as the format ratchets; format 1 (and the fault) has none', async () => {
  const markers = (host: SimHost) => readdirSync(join(host.folder, 'pebble')).filter((f) => f.startsWith('marker.')).sort();
  const host = simHost('1.0.8', { consensus: 'crdt' });
  await runOnce(host);
  assert.deepEqual(markers(host), ['marker.format-version.000001.016']);
  host.run('ipfs-cluster-install', ['1.1.6']);
  await runOnce(host);
  assert.deepEqual(markers(host), ['marker.format-version.000001.016'], 'service.json still asks for 16');
  setFormat(host, 24);
  await runOnce(host);
  assert.deepEqual(markers(host), ['marker.format-version.000002.024']);
  const old = simHost('1.0.8', { consensus: 'crdt' });
  setFormat(old, 1);
  await runOnce(old);
  assert.deepEqual(markers(old), []);
  const faulty = simHost('1.0.8', { consensus: 'crdt' });
  await runOnce(faulty);
  const daemon = await faulty.daemon(['daemon'], { env: { IPFS_CLUSTER_SIM_FAULTS: 'datastore-format-old' } });
  assert.ok(daemon.isReady, daemon.stderr());
  await daemon.stop();
  assert.deepEqual(markers(faulty), []);
});
