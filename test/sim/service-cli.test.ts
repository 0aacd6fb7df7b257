import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simHost } from '../helpers/sim.js';

test('--version prints "ipfs-cluster-service version X.Y.Z" on stdout and `version` the bare version', () => {
  for (const v of ['0.3.5', '0.4.0', '0.9.0', '0.10.1', '1.1.6']) {
    const host = simHost(v, { isBare: true });
    assert.deepEqual(host.service(['--version']), { status: 0, stdout: `ipfs-cluster-service version ${v}\n`, stderr: '' });
    assert.deepEqual(host.service(['version']), { status: 0, stdout: `${v}\n`, stderr: '' });
    assert.deepEqual(host.ctl(['--version']), { status: 0, stdout: `ipfs-cluster-ctl version ${v}\n`, stderr: '' });
  }
});

test('`state version` prints the format integer up to 0.10 and is an unknown subcommand (exit 3) from 0.11', () => {
  const rows: [string, string][] = [['0.3.5', '4\n'], ['0.4.0', '4\n'], ['0.5.0', '5\n'], ['0.9.0', '5\n'], ['0.10.0', '6\n'], ['0.10.1', '6\n']];
  for (const [v, out] of rows) assert.deepEqual(simHost(v, { isBare: true }).service(['state', 'version']), { status: 0, stdout: out, stderr: '' });
  for (const v of ['0.11.0', '1.1.6']) {
    assert.deepEqual(simHost(v, { isBare: true }).service(['state', 'version']), { status: 3, stdout: '', stderr: 'No help topic for \'version\'\n' });
    assert.deepEqual(simHost(v, { isBare: true }).service(['state', 'upgrade']), { status: 3, stdout: '', stderr: 'No help topic for \'upgrade\'\n' });
  }
});

test('`state clean` does not exist: "No help topic for \'clean\'" on stderr, exit 3', () => {
  for (const v of ['0.4.0', '0.10.1', '1.1.6']) {
    assert.deepEqual(simHost(v).service(['state', 'clean']), { status: 3, stdout: '', stderr: 'No help topic for \'clean\'\n' });
  }
});

test('a bare command prints help and exits 1 from 0.4; an unknown command in 0.3.5 is a one-line stderr error', () => {
  const bare = simHost('0.4.0', { isBare: true }).service([]);
  assert.equal(bare.status, 1);
  assert.match(bare.stdout, /^NAME:\n {3}ipfs-cluster-service/);
  const unknown = simHost('0.3.5', { isBare: true }).service(['bogus']);
  assert.deepEqual(unknown, { status: 1, stdout: '', stderr: 'unknown subcommand. Run "ipfs-cluster-service help" for more info\n' });
});

test('init on an existing config up to 0.6 fails with "error : … exists" unless the global -f is given', () => {
  const host = simHost('0.6.0');
  const path = join(host.folder, 'service.json');
  assert.deepEqual(host.service(['init']), { status: 1, stdout: '', stderr: `error : ${path} exists. Try running: ipfs-cluster-service -f init\n` });
  const before = host.config().cluster['id'];
  const forced = host.service(['-f', 'init']);
  assert.deepEqual(forced, { status: 0, stdout: '', stderr: `ipfs-cluster-service configuration written to ${path}\n` });
  assert.notEqual(host.config().cluster['id'], before);
  assert.equal(host.service(['init', '-f']).status, 0, 'init -f is a usage error, exit 0');
});

test('init on an existing config in 0.7–0.10 always prompts (global -f ignored) and on EOF does nothing', () => {
  const host = simHost('0.9.0');
  const before = readFileSync(join(host.folder, 'service.json'), 'utf8');
  const result = host.service(['-f', 'init']);
  assert.equal(result.status, 0);
  assert.equal(result.stdout, 'The peer\'s state will be removed from the load path.  Existing pins may be lost.\n'
    + 'Configuration(service.json) will be overwritten. Continue? [y/n]: ');
  assert.equal(readFileSync(join(host.folder, 'service.json'), 'utf8'), before);
});

test('init from 0.11 writes service.json, identity.json and an empty peerstore with the real stderr lines', () => {
  const host = simHost('0.11.0', { isBare: true });
  const result = host.service(['init']);
  assert.equal(result.status, 0);
  assert.equal(result.stderr, `configuration written to ${join(host.folder, 'service.json')}.\n`
    + `new identity written to ${join(host.folder, 'identity.json')}\nnew empty peerstore written to ${join(host.folder, 'peerstore')}.\n`);
  assert.ok(host.config().consensus.crdt, 'crdt is the default consensus from 0.11');
  assert.equal(host.config().cluster['id'], undefined);
  assert.equal(host.service(['init'], 'n\n').stdout, 'The configuration file will be overwritten. Continue? [y/n]: ');
});

test('config written by init has the reference keys and defaults of its era', () => {
  const old = simHost('0.3.5').config();
  assert.deepEqual([old.cluster['peers'], old.cluster['bootstrap'], old.consensus.raft?.['backups_rotate']], [[], [], undefined]);
  const mid = simHost('0.9.0').config();
  assert.equal(mid.cluster['leave_on_shutdown'], false);
  assert.equal(mid.cluster['listen_multiaddress'], '/ip4/0.0.0.0/tcp/9096');
  assert.deepEqual([mid.consensus.raft?.['backups_rotate'], mid.consensus.raft?.['init_peerset'], mid.cluster['peers']], [6, [], undefined]);
  assert.match(String((mid['api'] as { restapi: Record<string, string> }).restapi['http_listen_multiaddress']), /^\/ip4\/127\.\d+\.\d+\.\d+\/tcp\/9094$/);
  assert.ok(!existsSync(join(simHost('0.10.1').folder, 'identity.json')));
});

test('the config folder is $HOME/.ipfs-cluster unless IPFS_CLUSTER_PATH or the global --config names another', () => {
  const host = simHost('0.9.0', { isBare: true });
  const viaEnv = join(host.home, 'env-folder');
  const viaFlag = join(host.home, 'flag-folder');
  assert.equal(host.run('ipfs-cluster-service', ['init'], '', { IPFS_CLUSTER_PATH: viaEnv }).status, 0);
  assert.equal(host.service(['--config', viaFlag, 'init']).status, 0);
  assert.equal(host.service(['-c', viaFlag, 'state', 'version']).stdout, '5\n');
  assert.deepEqual([viaEnv, viaFlag, host.folder].map((f) => existsSync(join(f, 'service.json'))), [true, true, false]);
});

test('init answered y in 0.7–0.10 rotates the Raft state and writes a config with a new peer ID', () => {
  const host = simHost('0.10.1');
  const dir = join(host.home, 'x.json');
  writeFileSync(dir, JSON.stringify([{ cid: { '/': 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG' } }]));
  host.service(['state', 'import', '-f', dir]);
  const before = host.config().cluster['id'];
  const result = host.service(['init'], 'y\n');
  assert.equal(result.status, 0);
  assert.match(result.stderr, /WARNING +service: the \S+\/raft folder has been rotated\.  Next start will use an empty state\n/);
  assert.ok(existsSync(join(host.folder, 'raft.old.0')));
  assert.notEqual(host.config().cluster['id'], before);
});

test('0.4–0.10 state commands without a config fail at the lock with "config hasn\'t been initialized" and a stat error', () => {
  const host = simHost('0.9.0', { isBare: true });
  const result = host.service(['state', 'export']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /ERROR +service: ipfs-cluster-service config hasn't been initialized\.\n.*Please run ipfs-cluster-service init\n/);
  assert.match(result.stderr, new RegExp(`\\nerror acquiring execution lock: stat ${host.folder}: no such file or directory\\n$`));
});

test('v1 init takes --consensus and --datastore (pebble by default on 1.1.6, badger on 0.11)', () => {
  const modern = simHost('1.1.6', { isBare: true });
  modern.service(['init']);
  assert.deepEqual(Object.keys(modern.config()['datastore'] as object), ['pebble']);
  modern.service(['init', '--force', '--datastore', 'leveldb']);
  assert.deepEqual(Object.keys(modern.config()['datastore'] as object), ['leveldb']);
  modern.service(['init', '-f', '--consensus', 'raft']);
  assert.deepEqual([modern.config()['datastore'], Object.keys(modern.config().consensus)], [undefined, ['raft']]);
  const v011 = simHost('0.11.0', { isBare: true });
  v011.service(['init']);
  assert.deepEqual(Object.keys(v011.config()['datastore'] as object), ['badger']);
});
