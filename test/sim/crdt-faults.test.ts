import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { downCluster, runOnHost } from '../../sim/cluster.js';
import { simCluster } from '../helpers/sim.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';

/** Polls until `check` holds (every 50 ms, at most `ms`); fails with `what`. */
async function waitFor(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('`up --consensus crdt --version 1.0.8 --peers 5`: every peer sees the 4 others and the same 5 pins, as 1.0.8 ctl prints them', async () => {
  const { dir, hosts } = await simCluster('1.0.8', 5, 5);
  const ctl = (home: string, args: string[]) => runOnHost(home, 'ipfs-cluster-ctl', args).stdout;
  await waitFor('5 pins on every peer', () => hosts.every((h) => ctl(h.home, ['pin', 'ls']).trimEnd().split('\n').length === 5));
  const lists = hosts.map((h) => ctl(h.home, ['pin', 'ls']).split('\n').map((l) => l.split(' | ')[0]).sort().join());
  assert.equal(new Set(lists).size, 1);
  await waitFor('5 peers everywhere', () => hosts.every((h) => (ctl(h.home, ['peers', 'ls']).match(/Sees 4 other peers/g) ?? []).length === 5));
  assert.match(ctl(hosts[0]!.home, ['pin', 'ls']), /^Qm\w+ \|  \| PIN \| Repl\. Factor: -1 \| Allocations: \[everywhere\] \| Recursive \| Metadata: no \| Exp: ∞ \| Added: [\d-]+ [\d:]+\n/);
  assert.ok(ctl(hosts[0]!.home, ['--enc', 'json', 'id']).includes('"rpc_protocol_version": "/ipfscluster/1.0/rpc"'));
  downCluster(dir);
});

test('fault pin-error: that peer reports PIN_ERROR for every pin in status, the others PINNED', async () => {
  const { hosts } = await simCluster('1.1.6', 2);
  const [first, second] = [hosts[0]!, hosts[1]!];
  runOnHost(second.home, 'ipfs-cluster-sim-stop', []);
  writeFileSync(join(second.home, '.sim', 'faults'), 'pin-error\n');
  assert.equal(runOnHost(second.home, 'ipfs-cluster-sim-start', ['daemon']).status, 0);
  runOnHost(first.home, 'ipfs-cluster-ctl', ['pin', 'add', '--no-status', CID]);
  await waitFor('the pin on the faulty peer', () => runOnHost(second.home, 'ipfs-cluster-ctl', ['pin', 'ls']).stdout.includes(CID));
  const status = runOnHost(first.home, 'ipfs-cluster-ctl', ['status', CID]).stdout;
  assert.match(status, /> peer1 {16}: PINNED \|/);
  assert.match(status, /> peer2 {16}: PIN_ERROR: context deadline exceeded \(sim fault pin-error\) \|/);
});

test('fault new-identity: a peer back with a new ID shows as a new peer; its old ID fails the key check in peers ls', async () => {
  const { hosts } = await simCluster('1.1.6', 2);
  const [first, second] = [hosts[0]!, hosts[1]!];
  runOnHost(second.home, 'ipfs-cluster-sim-stop', []);
  writeFileSync(join(second.home, '.sim', 'faults'), 'new-identity\n');
  assert.equal(runOnHost(second.home, 'ipfs-cluster-sim-start', ['daemon', '--bootstrap',
    `/ip4/${first.address}/tcp/9096/p2p/${first.id}`]).status, 0);
  const newId = (JSON.parse(readFileSync(join(second.home, '.ipfs-cluster', 'identity.json'), 'utf8')) as { id: string }).id;
  assert.notEqual(newId, second.id);
  await waitFor('the new ID in peers ls', () => runOnHost(first.home, 'ipfs-cluster-ctl', ['peers', 'ls']).stdout.includes(`${newId} | peer2`));
  assert.match(runOnHost(first.home, 'ipfs-cluster-ctl', ['peers', 'ls']).stdout,
    new RegExp(`${second.id} \\| ERROR: failed to dial ${second.id}: peer id mismatch: expected ${second.id}, but remote key matches ${newId}`));
});

test('fault never-ready on a CRDT peer: no READY (CRDT is otherwise ready at once), the timeout banner, and the start fails', async () => {
  const { hosts } = await simCluster('1.1.6', 2);
  const second = hosts[1]!;
  runOnHost(second.home, 'ipfs-cluster-sim-stop', []);
  writeFileSync(join(second.home, '.sim', 'faults'), 'never-ready\n');
  const start = runOnHost(second.home, 'ipfs-cluster-sim-start', ['daemon']);
  assert.equal(start.status, 1, start.stdout + start.stderr);
  const log = readFileSync(join(second.home, '.sim', 'daemon.log'), 'utf8');
  assert.doesNotMatch(log.slice(log.lastIndexOf('listening on')), /IPFS Cluster is READY/);
  assert.match(log, /ERROR +cluster: \*\*\*\*\*\*/);
});
