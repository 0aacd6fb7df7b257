import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportFile, simHost } from '../helpers/sim.js';
import { tempDir } from '../helpers/files.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';

test('the daemon prints the real start-up lines on stderr, holds cluster.lock, and releases it on SIGTERM', async () => {
  const host = simHost('0.9.0');
  const daemon = await host.daemon();
  assert.ok(daemon.isReady, daemon.stderr());
  const lines = daemon.stderr().split('\n').map((l) => l.replace(/^[\d:.]+ \w+ +\w+: /, ''));
  assert.equal(lines[0], 'Initializing. For verbose output run with "-l debug". Please wait...');
  assert.ok(lines.includes('IPFS Cluster v0.9.0 listening on:'));
  assert.deepEqual(lines.slice(-4, -1), ['Cluster Peers (without including ourselves):', '    - No other peers', '** IPFS Cluster is READY **']);
  assert.ok(existsSync(join(host.folder, 'cluster.lock')));
  assert.equal(await daemon.stop(), 0);
  assert.ok(!existsSync(join(host.folder, 'cluster.lock')));
});

test('state commands refuse while the daemon of the same folder runs, with each era\'s lock message, exit 1', async () => {
  const old = simHost('0.10.1');
  const daemon = await old.daemon();
  const lock = join(old.folder, 'cluster.lock');
  for (const args of [['state', 'export'], ['state', 'upgrade'], ['state', 'cleanup', '-f'], ['state', 'import', '-f', '/dev/null']]) {
    const result = old.service(args);
    assert.equal(result.status, 1, args.join(' '));
    assert.match(result.stderr, new RegExp(`remove ${lock}, or make sure`));
    assert.match(result.stderr, /\nerror acquiring execution lock: could not obtain execution lock\n$/);
  }
  await daemon.stop();
  const modern = simHost('1.1.6');
  const running = await modern.daemon();
  const file = join(modern.folder, 'cluster.lock');
  assert.deepEqual(modern.service(['state', 'export']), { status: 1, stdout: '', stderr: `error obtaining execution lock: lock ${file}: someone else `
    + `has the lock. If no other ipfs-cluster-service process is running, remove ${file}, or make sure that the config folder is writable for the user running ipfs-cluster-service.\n` });
  await running.stop();
});

test('a lock file left by a killed daemon does not block the next run', async () => {
  const host = simHost('0.10.1');
  const daemon = await host.daemon();
  daemon.child.kill('SIGKILL');
  await daemon.exited;
  assert.ok(existsSync(join(host.folder, 'cluster.lock')));
  assert.deepEqual(host.service(['state', 'export']), { status: 1, stdout: '', stderr: 'error exporting state: no snapshot found\n' });
});

test('an outdated state without --upgrade prints the banner and exits 1; --upgrade migrates and starts', async () => {
  const host = simHost('0.9.0');
  host.service(['state', 'import', '-f', exportFile(tempDir(), [CID], '0.9.0')]);
  host.run('ipfs-cluster-install', ['0.10.0']);
  const refused = await host.daemon();
  assert.equal(await refused.exited, 1);
  const lines = refused.stderr().split('\n').filter((l) => / ERROR +service: /.test(l)).map((l) => l.replace(/^.*service: /, ''));
  assert.deepEqual(lines, ['!'.repeat(47), 'Out of date ipfs-cluster state is saved.', 'To migrate to the new version, run ipfs-cluster-service state upgrade.',
    'To launch a node without this state, rename the consensus data directory.', 'Hint: the default is .ipfs-cluster/raft.', '!'.repeat(47)]);
  assert.match(refused.stderr(), /REST API[^\n]*\n[\s\S]*\nerror validating version: outdated state version stored\n$/);
  const upgraded = await host.daemon(['daemon', '--upgrade']);
  assert.ok(upgraded.isReady, upgraded.stderr());
  assert.match(host.ctl(['pin', 'ls']).stdout, new RegExp(CID));
  await upgraded.stop();
});

test('the outdated-state hint names ipfs-cluster-data up to 0.9 (comma) and raft from 0.10 (colon)', async () => {
  const host = simHost('0.4.0');
  host.service(['-f', 'state', 'import', exportFile(tempDir(), [CID], '0.4.0')]);
  host.run('ipfs-cluster-install', ['0.5.0']);
  const refused = await host.daemon();
  assert.equal(await refused.exited, 1);
  assert.match(refused.stderr(), /service: Hint, the default is \.ipfs-cluster\/ipfs-cluster-data\.\n/);
});

test('daemon --upgrade with no snapshot fails in 0.3.5 and goes on from 0.4.0', async () => {
  const old = simHost('0.3.5');
  const failed = await old.daemon(['--upgrade']);
  assert.equal(await failed.exited, 1);
  assert.match(failed.stderr(), /error upgrading state: no snapshot found\n$/);
  const fresh = await simHost('0.4.0').daemon(['daemon', '--upgrade']);
  assert.ok(fresh.isReady, fresh.stderr());
  await fresh.stop();
});

test('0.4.0 refuses a config that still has the 0.3.x peers/bootstrap keys', async () => {
  const host = simHost('0.3.5');
  host.run('ipfs-cluster-install', ['0.4.0']);
  const refused = await host.daemon();
  assert.equal(await refused.exited, 1);
  assert.match(refused.stderr(), /error loading configurations: cluster.Peers and cluster.Bootstrap keys have been deprecated\n$/);
});

test('a clean shutdown writes a snapshot, so offline export sees the pins added through ctl', async () => {
  const host = simHost('0.10.1');
  const daemon = await host.daemon();
  assert.equal(host.ctl(['pin', 'add', CID]).status, 0);
  await daemon.stop();
  assert.deepEqual(readdirSync(join(host.folder, 'raft')).sort(), ['raft.db', 'snapshots']);
  assert.match(host.service(['state', 'export']).stdout, new RegExp(CID));
});

test('v0.4–v0.9 rename a leftover ipfs-cluster-data folder to raft at start', async () => {
  const host = simHost('0.3.5');
  host.service(['-f', 'state', 'import', exportFile(tempDir(), [CID], '0.3.5')]);
  host.editConfig((c) => { delete c.cluster['peers']; delete c.cluster['bootstrap']; });
  host.run('ipfs-cluster-install', ['0.4.0']);
  const daemon = await host.daemon();
  assert.ok(daemon.isReady, daemon.stderr());
  assert.deepEqual([existsSync(join(host.folder, 'raft')), existsSync(join(host.folder, 'ipfs-cluster-data'))], [true, false]);
  assert.match(host.ctl(['pin', 'ls']).stdout, new RegExp(CID));
  await daemon.stop();
});

test('a second daemon on the same config folder is refused by the lock; --upgrade on a current state warns and starts', async () => {
  const host = simHost('0.9.0');
  host.service(['state', 'import', '-f', exportFile(tempDir(), [CID], '0.9.0')]);
  const first = await host.daemon(['daemon', '--upgrade']);
  assert.ok(first.isReady, first.stderr());
  assert.match(first.stderr(), /WARNING +service: Skipping migration of up-to-date state\n/);
  const second = await host.daemon();
  assert.equal(await second.exited, 1);
  assert.match(second.stderr(), /error acquiring execution lock: could not obtain execution lock\n$/);
  await first.stop();
});

test('the Docker entrypoint inits a missing config and runs the release\'s CMD (daemon --upgrade for 0.4–0.10)', async () => {
  const host = simHost('0.10.1', { isBare: true });
  const run = await host.daemon([], { command: 'ipfs-cluster-docker-entrypoint' });
  assert.ok(run.isReady, run.stderr());
  assert.match(run.stderr(), /configuration written to/);
  assert.ok(existsSync(join(host.folder, 'service.json')));
  assert.equal(await run.stop(), 0);
});

test('0.3.5 refuses to bootstrap while cluster.peers is set, unless the global -f is given', async () => {
  const host = simHost('0.3.5');
  host.editConfig((c) => { c.cluster['peers'] = ['/ip4/127.0.0.9/tcp/9096/ipfs/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG']; });
  const refused = await host.daemon(['-j', '/ip4/127.0.0.9/tcp/9096/ipfs/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG']);
  assert.equal(await refused.exited, 1);
  assert.match(refused.stderr(), /\nthe configuration provides cluster.Peers. Use -f to ignore and proceed bootstrapping\n$/);
});

test('a host with configured ports gets them in service.json, and its daemon and ctl use them', async () => {
  const host = simHost('0.9.0', { ports: { rest: 19094, proxy: 19095, cluster: 19096 } });
  const config = host.config();
  assert.equal(config.cluster['listen_multiaddress'], '/ip4/0.0.0.0/tcp/19096');
  assert.equal((config['api'] as { restapi: Record<string, string> }).restapi['http_listen_multiaddress'], `/ip4/${host.address}/tcp/19094`);
  const daemon = await host.daemon();
  assert.match(daemon.stderr(), new RegExp(`listening on:\\n {8}/ip4/${host.address.replace(/\./g, '\\.')}/tcp/19096/ipfs/Qm`));
  assert.match(host.ctl(['id']).stdout, / \| peer1 \| Sees 0 other peers\n/);
  await daemon.stop();
});

test('from 0.10 CLUSTER_<COMPONENT>_<KEY> variables override service.json; 0.9 ignores them', async () => {
  const host = simHost('0.10.0');
  const run = await host.daemon(['daemon'], { env: { CLUSTER_PEERNAME: 'renamed',
    CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS: `/ip4/${host.address}/tcp/19194` } });
  assert.match(run.stderr(), new RegExp(`REST API \\(HTTP\\): /ip4/${host.address.replace(/\./g, '\\.')}/tcp/19194\n`));
  assert.match(host.ctl(['--host', `/ip4/${host.address}/tcp/19194`, 'id']).stdout, / \| renamed \| /);
  await run.stop();
  const old = simHost('0.9.0');
  const oldRun = await old.daemon(['daemon'], { env: { CLUSTER_PEERNAME: 'renamed' } });
  assert.match(old.ctl(['id']).stdout, / \| peer1 \| /);
  await oldRun.stop();
});
