import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonValues } from '../../engine/core/index.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { localConnection } from '../../engine/connection/index.js';
import { apiAddress, GATHERERS, parseClusterApi, parseClusterFiles } from '../../engine/facts/index.js';

const FILES = `== service_version
ipfs-cluster-service version 0.10.1+git1a2b3c
== ctl_version
ipfs-cluster-ctl version 0.10.1
== config_path
/home/ops/.ipfs-cluster
== service_json
present
{"cluster": {"id": "QmA", "peername": "p1", "secret": "abcdef", "private_key": "CAAS", "leave_on_shutdown": false},
 "consensus": {"raft": {"wait_for_leader_timeout": "15s"}}, "api": {"restapi": {"http_listen_multiaddress": "/ip4/0.0.0.0/tcp/9094"}}}
== identity_json
== entries
cluster.lock
peerstore
raft
raft.old.1
raft.old.0
service.json
== snapshots
raft/1-20-1700000000
== state_version
6
== disk
/dev/sda1 100 50 2048 3% /
== end
`;

test('the files section gives versions, config (secrets masked), state folder, snapshots, backups in order, lock and disk', () => {
  const facts = parseClusterFiles(FILES);
  assert.deepEqual({ ...facts, config: undefined }, {
    installed: true, version: '0.10.1', ctl_version: '0.10.1', config_path: '/home/ops/.ipfs-cluster', config: undefined,
    consensus: 'raft', id: 'QmA', peername: 'p1', state_path: '/home/ops/.ipfs-cluster/raft', state_exists: true, snapshot: true,
    snapshots: ['raft/1-20-1700000000'], state_format: 6, backups: ['raft.old.0', 'raft.old.1'], lock: true, disk_free_kb: 2048,
    api: '/ip4/127.0.0.1/tcp/9094', config_error: null, identity_error: null, identity_present: false, datastore: null,
  });
  const cluster = (facts.config as { cluster: Record<string, unknown> }).cluster;
  assert.deepEqual([cluster.secret, cluster.private_key, cluster.leave_on_shutdown], ['********', '********', false]);
});

test('a host without IPFS Cluster is reported as not installed, with no state', () => {
  const facts = parseClusterFiles('== service_version\n== ctl_version\n== config_path\n/root/.ipfs-cluster\n== service_json\n== entries\n== snapshots\n== state_version\n== disk\n== end\n');
  assert.deepEqual([facts.installed, facts.version, facts.config, facts.state_exists, facts.snapshot, facts.state_format], [false, null, null, false, false, null]);
});

test('the API answers give the peerset and the pinset, from a JSON array (<=0.10) or a stream of objects (0.11+)', () => {
  const id = '{\n    "id": "QmB",\n    "peername": "p2",\n    "version": "1.1.6",\n    "cluster_peers": ["QmB", "QmA"]\n}\n';
  const stream = '{\n    "cid": {"/": "QmY"}\n}\n{\n    "cid": {"/": "QmX"}\n}\n';
  assert.deepEqual(parseClusterApi(id, stream), { running: true, id: 'QmB', peername: 'p2', running_version: '1.1.6',
    rpc_protocol_version: null, peers: ['QmA', 'QmB'], pins: ['QmX', 'QmY'], pin_count: 2 });
  assert.deepEqual(parseClusterApi(id, '[\n    {"cid": "QmZ"}\n]').pins, ['QmZ']);
});

test('JSON values are read from arrays and from concatenated objects, with braces inside strings', () => {
  assert.deepEqual(parseJsonValues('{"a": "}{"}\n{"b": [1, {"c": 2}]}'), [{ a: '}{' }, { b: [1, { c: 2 }] }]);
  assert.deepEqual(parseJsonValues('  '), []);
});

test('the REST API address is the configured one, 0.0.0.0 read as loopback, the default when absent', () => {
  assert.equal(apiAddress({ api: { restapi: { listen_multiaddress: '/ip4/127.0.1.2/tcp/9094' } } }), '/ip4/127.0.1.2/tcp/9094');
  assert.equal(apiAddress(null), '/ip4/127.0.0.1/tcp/9094');
});

/** Gathers facts with the real script on a local host whose config folder holds these files. */
async function gatherFrom(files: Record<string, string>): Promise<Record<string, unknown>> {
  const home = mkdtempSync(join(tmpdir(), 'facts-'));
  mkdirSync(join(home, '.ipfs-cluster'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(home, '.ipfs-cluster', name)), { recursive: true });
    writeFileSync(join(home, '.ipfs-cluster', name), text);
  }
  return GATHERERS.get('ipfs_cluster')!.gather(localConnection('facts-host', { home }), { vars: {} });
}

const CONFIG = { cluster: { leave_on_shutdown: false }, api: { restapi: { http_listen_multiaddress: '/ip4/127.0.9.1/tcp/9094' } } };

test('service.json is read as the file holds it: no final newline, CRLF line ends, a byte-order mark', async () => {
  for (const text of [JSON.stringify(CONFIG), JSON.stringify(CONFIG, null, 2).replace(/\n/g, '\r\n'), `\uFEFF${JSON.stringify(CONFIG)}\n`]) {
    const facts = await gatherFrom({ 'service.json': text, 'identity.json': '{"id": "QmI"}' });
    assert.deepEqual([facts.config, facts.config_error, facts.api, facts.id], [CONFIG, null, '/ip4/127.0.9.1/tcp/9094', 'QmI'], JSON.stringify(text));
  }
});

test('a service.json that cannot be parsed is reported with its path and the parser\'s reason, not read as absent', async () => {
  const facts = await gatherFrom({ 'service.json': '{"cluster": {' });
  assert.equal(facts.config, null);
  assert.match(String(facts.config_error), /\.ipfs-cluster\/service\.json cannot be read as JSON: .+/);
  const empty = await gatherFrom({ 'service.json': '' });
  assert.match(String(empty.config_error), /service\.json cannot be read as JSON: the file is empty/);
  const absent = await gatherFrom({});
  assert.deepEqual([absent.config, absent.config_error, absent.identity_present], [null, null, false]);
});

test('an identity.json that cannot be parsed is reported too', async () => {
  const facts = await gatherFrom({ 'service.json': JSON.stringify(CONFIG), 'identity.json': 'id: QmI' });
  assert.match(String(facts.identity_error), /identity\.json cannot be read as JSON/);
  assert.equal(facts.config_error, null);
  assert.equal(facts.identity_present, true, 'a file that cannot be parsed is still there');
});

test('the CRDT datastore: its folder, and Pebble\'s format from its marker file (1 without one; none for badger)', async () => {
  const withStore = async (folder: string, markers: string[]) => {
    const files = Object.fromEntries([[`${folder}/state.json`, '{}'], ...markers.map((m) => [`${folder}/${m}`, ''])]);
    return (await gatherFrom({ 'service.json': JSON.stringify(CONFIG), ...files })).datastore;
  };
  assert.deepEqual(await withStore('pebble', ['marker.format-version.000002.024', 'marker.manifest.000001.MANIFEST-000005']),
    { backend: 'pebble', format_major_version: 24 });
  assert.deepEqual(await withStore('pebble', []), { backend: 'pebble', format_major_version: 1 });
  assert.deepEqual(await withStore('badger', []), { backend: 'badger', format_major_version: null });
  assert.equal((await gatherFrom({ 'service.json': JSON.stringify(CONFIG) })).datastore, null);
});
