import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runOnHostAsync } from '../../sim/cluster.js';
import { simCluster, simHost } from '../helpers/sim.js';
import { newSecret } from '../../sim/core/ids.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const idOf = async (home: string) => (JSON.parse((await runOnHostAsync(home, 'ipfs-cluster-ctl', ['--enc', 'json', 'id'])).stdout) as { id: string; cluster_peers: string[] });

// Each test builds its own cluster on its own addresses; three at a time keep both cores busy while others wait.
describe('simulated clusters', { concurrency: 3 }, () => {
  test('a 3-peer 0.9.0 cluster elects a leader and replicates pins added on any peer to all peers', async () => {
    const { hosts } = await simCluster('0.9.0', 3, 2);
    assert.equal((await runOnHostAsync(hosts[2]!.home, 'ipfs-cluster-ctl', ['pin', 'add', CID])).status, 0);
    for (const host of hosts) {
      assert.equal((await idOf(host.home)).cluster_peers.length, 3);
      const pins = (await runOnHostAsync(host.home, 'ipfs-cluster-ctl', ['pin', 'ls'])).stdout.trim().split('\n');
      assert.equal(pins.length, 3, host.name);
      assert.ok(pins.some((l) => l.startsWith(CID)));
    }
    const peers = (await runOnHostAsync(hosts[0]!.home, 'ipfs-cluster-ctl', ['peers', 'ls'])).stdout;
    assert.equal(peers.match(/ \| Sees 2 other peers/g)?.length, 3);
  });

  test('peers rm makes the removed daemon shut down and rotate its raft folder; it rejoins only with --bootstrap', async () => {
    const { hosts } = await simCluster('0.10.1', 3, 1);
    const [first, , third] = hosts as [typeof hosts[0], unknown, typeof hosts[0]];
    assert.deepEqual(await runOnHostAsync(first.home, 'ipfs-cluster-ctl', ['peers', 'rm', third.id]), { status: 0, stdout: '', stderr: '' });
    let stopped = false;
    for (let i = 0; i < 60 && !stopped; i++) {
      await new Promise((r) => setTimeout(r, 100));
      stopped = (await runOnHostAsync(third.home, 'ipfs-cluster-ctl', ['id'])).status === 1;
    }
    assert.ok(stopped, 'the removed peer shut down');
    const folder = join(third.home, '.ipfs-cluster');
    assert.deepEqual([existsSync(join(folder, 'raft')), existsSync(join(folder, 'raft.old.0'))], [false, true]);
    assert.equal((await idOf(first.home)).cluster_peers.length, 2);
    const addr = `/ip4/${first.address}/tcp/9096/ipfs/${first.id}`;
    const rejoin = await runOnHostAsync(third.home, 'ipfs-cluster-sim-start', ['daemon', '--bootstrap', addr]);
    assert.equal(rejoin.status, 0, rejoin.stderr + rejoin.stdout);
    assert.equal((await idOf(first.home)).cluster_peers.length, 3);
    assert.equal((await runOnHostAsync(third.home, 'ipfs-cluster-ctl', ['pin', 'ls'])).stdout.trim().split('\n').length, 1);
  });

  test('0.10.0 and 0.10.1 share the major.minor protocol and form a cluster', async () => {
    const secret = newSecret();
    const first = simHost('0.10.0', { secret });
    const a = await first.daemon();
    const id = (JSON.parse(first.ctl(['--enc', 'json', 'id']).stdout) as { id: string }).id;
    const b = await simHost('0.10.1', { secret }).daemon(['daemon', '--bootstrap', `/ip4/${first.address}/tcp/9096/ipfs/${id}`]);
    assert.ok(b.isReady, b.stderr());
    assert.equal(JSON.parse(first.ctl(['--enc', 'json', 'id']).stdout).cluster_peers.length, 2);
    await b.stop();
    await a.stop();
  });

  test('--bootstrap takes one address per flag before 0.11: a comma list fails with the doubled "error"', () => {
    const host = simHost('0.9.0');
    const list = '/ip4/127.0.0.1/tcp/9096/ipfs/QmA,/ip4/127.0.0.2/tcp/9096/ipfs/QmB';
    const result = host.service(['daemon', '--bootstrap', list]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`^error error parsing bootstrap multiaddress \\(\\[${list.replace(/\//g, '\\/')}\\]\\): `, 'm'));
  });

  test('leave_on_shutdown makes a stopped peer leave the peerset, so it must be re-bootstrapped', async () => {
    const { hosts } = await simCluster('0.9.0', 3);
    const leaver = hosts[2]!;
    const config = join(leaver.home, '.ipfs-cluster', 'service.json');
    await runOnHostAsync(leaver.home, 'ipfs-cluster-sim-stop', []);
    writeFileSync(config, readFileSync(config, 'utf8').replace('"leave_on_shutdown": false', '"leave_on_shutdown": true'));
    assert.equal((await runOnHostAsync(leaver.home, 'ipfs-cluster-sim-start', ['daemon'])).status, 0, 'the config is read at start');
    await runOnHostAsync(leaver.home, 'ipfs-cluster-sim-stop', []);
    assert.equal((await idOf(hosts[0]!.home)).cluster_peers.length, 2);
    assert.ok(existsSync(join(leaver.home, '.ipfs-cluster', 'raft.old.0')));
    assert.equal((await runOnHostAsync(leaver.home, 'ipfs-cluster-sim-start', ['daemon'])).status, 0);
    assert.equal((await idOf(leaver.home)).cluster_peers.length, 1, 'restarted without --bootstrap it is a cluster of its own');
  });

  test('a clean stop writes the other peers into the peerstore; --bootstrap rotates the state first and rejoins', async () => {
    const { hosts } = await simCluster('0.9.0', 3, 2);
    const [first, second] = hosts as [typeof hosts[0], typeof hosts[0]];
    await runOnHostAsync(second.home, 'ipfs-cluster-sim-stop', []);
    const peerstore = readFileSync(join(second.home, '.ipfs-cluster', 'peerstore'), 'utf8').trim().split('\n').sort();
    assert.deepEqual(peerstore, hosts.filter((h) => h !== second).map((h) => `/ip4/${h.address}/tcp/9096/ipfs/${h.id}`).sort());
    const addr = `/ip4/${first.address}/tcp/9096/ipfs/${first.id}`;
    assert.equal((await runOnHostAsync(second.home, 'ipfs-cluster-sim-start', ['daemon', '--bootstrap', addr])).status, 0);
    assert.ok(existsSync(join(second.home, '.ipfs-cluster', 'raft.old.0')), 'the old state was rotated');
    assert.equal((await runOnHostAsync(second.home, 'ipfs-cluster-ctl', ['pin', 'ls'])).stdout.trim().split('\n').length, 2);
  });

  test('in 0.3.5 a removed peer writes the remaining peers into its config bootstrap and empties peers', async () => {
    const { hosts } = await simCluster('0.3.5', 2);
    const [first, second] = hosts as [typeof hosts[0], typeof hosts[0]];
    assert.equal((await runOnHostAsync(first.home, 'ipfs-cluster-ctl', ['peers', 'rm', second.id])).status, 0);
    const config = join(second.home, '.ipfs-cluster', 'service.json');
    for (let i = 0; i < 50 && !readFileSync(config, 'utf8').includes('"bootstrap": [\n'); i++) await new Promise((r) => setTimeout(r, 100));
    const cluster = (JSON.parse(readFileSync(config, 'utf8')) as { cluster: { peers: string[]; bootstrap: string[] } }).cluster;
    assert.deepEqual([cluster.peers, cluster.bootstrap], [[], [`/ip4/${first.address}/tcp/9096/ipfs/${first.id}`]]);
    assert.ok(existsSync(join(second.home, '.ipfs-cluster', 'ipfs-cluster-data.old.0')));
  });

  test('v1.1.6 crdt peers replicate pins to every peer without a leader', async () => {
    const { hosts } = await simCluster('1.1.6', 3, 1);
    assert.equal((await runOnHostAsync(hosts[2]!.home, 'ipfs-cluster-ctl', ['pin', 'add', CID])).status, 0);
    for (const host of hosts) {
      assert.equal((await runOnHostAsync(host.home, 'ipfs-cluster-ctl', ['pin', 'ls'])).stdout.trim().split('\n').length, 2, host.name);
      assert.equal((await idOf(host.home)).cluster_peers.length, 3, host.name);
    }
    assert.ok(existsSync(join(hosts[0]!.home, '.ipfs-cluster', 'pebble')));
  });
});
