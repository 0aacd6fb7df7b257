import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { simHost, type ServiceJson, type SimHost } from '../helpers/sim.js';

const SECRET = 'c'.repeat(64);
const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';

interface CrdtPeer { readonly host: SimHost; readonly addr: string; readonly stderr: () => string }

/** A CRDT peer of `version` sharing one secret, started (bootstrapping to `to` when given); stopped when the file ends. */
async function crdtPeer(version: string, opts: { to?: CrdtPeer; args?: string[]; edit?: (c: ServiceJson) => void; faults?: string } = {}): Promise<CrdtPeer> {
  const host = simHost(version, { consensus: 'crdt', secret: SECRET });
  if (opts.edit) host.editConfig(opts.edit);
  if (opts.faults) writeFileSync(join(host.home, '.sim', 'faults'), `${opts.faults}\n`);
  const id = (JSON.parse(readFileSync(join(host.folder, 'identity.json'), 'utf8')) as { id: string }).id;
  const daemon = await host.daemon(['daemon', ...(opts.to ? ['--bootstrap', opts.to.addr] : []), ...(opts.args ?? [])]);
  assert.ok(daemon.isReady, daemon.stderr());
  after(() => daemon.stop());
  return { host, addr: `/ip4/${host.address}/tcp/9096/p2p/${id}`, stderr: () => daemon.stderr() };
}

/** Polls until `check` holds (every 50 ms, at most `ms`); fails with `what`. */
async function waitFor(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pinsOf = (p: CrdtPeer) => p.host.ctl(['pin', 'ls']).stdout;

test('1.0.8 CRDT: a pin added on any peer reaches every peer by broadcast, and so does its removal', async () => {
  const first = await crdtPeer('1.0.8');
  const second = await crdtPeer('1.0.8', { to: first });
  const third = await crdtPeer('1.0.8', { to: first });
  assert.equal(second.host.ctl(['pin', 'add', CID]).status, 0);
  await waitFor('the pin on every peer', () => [first, third].every((p) => pinsOf(p).includes(CID)));
  third.host.ctl(['pin', 'rm', CID]);
  await waitFor('the removal on every peer', () => [first, second].every((p) => !pinsOf(p).includes(CID)));
  assert.equal(first.host.ctl(['peers', 'ls']).stdout.match(/Sees 2 other peers/g)?.length, 3);
});

test('trusted_peers: a peer that trusts nobody (--no-trust, trusted_peers []) ignores pins that a trusting peer takes', async () => {
  const first = await crdtPeer('1.1.6');
  const wary = await crdtPeer('1.1.6', { to: first, args: ['--no-trust'], edit: (c) => { c.consensus.crdt!['trusted_peers'] = []; } });
  const trusting = await crdtPeer('1.1.6', { to: first, edit: (c) => { c.consensus.crdt!['trusted_peers'] = []; } });
  first.host.ctl(['pin', 'add', CID]);
  await waitFor('the pin on the peer that trusts its bootstrap peer', () => pinsOf(trusting).includes(CID));
  assert.equal(pinsOf(wary), '');
  assert.equal(wary.host.ctl(['pin', 'add', 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn']).status, 0, 'its own pins still work');
});

test('a 0.14.5 peer and a 1.0.0 peer never form a cluster: the join fails on the RPC protocol and no pin crosses', async () => {
  const old = await crdtPeer('0.14.5');
  const modern = await crdtPeer('1.0.0', { to: old });
  assert.match(modern.stderr(), /bootstrap to \S+ failed: protocol not supported: \/ipfscluster\/1\.0\/rpc\n/);
  old.host.ctl(['pin', 'add', CID]);
  const peer = await crdtPeer('0.14.5', { to: old });
  await waitFor('the pin on a 0.14.5 peer', () => pinsOf(peer).includes(CID));
  assert.equal(pinsOf(modern), '');
  assert.match(modern.host.ctl(['peers', 'ls']).stdout, /Sees 0 other peers/);
});

test('0.13 changed the CRDT deltas: a 0.12.1 peer cannot process 0.13.3 updates, while 0.13.3 reads 0.12.1 ones', async () => {
  const v13 = await crdtPeer('0.13.3');
  const v12 = await crdtPeer('0.12.1', { to: v13 });
  v12.host.ctl(['pin', 'add', CID]);
  await waitFor('the 0.12.1 pin on 0.13.3', () => pinsOf(v13).includes(CID));
  v13.host.ctl(['pin', 'add', 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn']);
  await waitFor('the 0.12.1 peer to refuse the 0.13.3 delta', () => /ERROR +crdt: error processing new head/.test(v12.stderr()));
  assert.ok(!pinsOf(v12).includes('QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn'));
});

test('fault crdt-slow: deltas are lost and the pin only arrives with the next rebroadcast_interval', async () => {
  const edit = (c: ServiceJson) => { c.consensus.crdt!['rebroadcast_interval'] = '5s'; };
  const slow = await crdtPeer('1.0.8', { edit, faults: 'crdt-slow' });
  const other = await crdtPeer('1.0.8', { to: slow, edit });
  const start = Date.now();
  slow.host.ctl(['pin', 'add', CID]);
  assert.equal(pinsOf(other), '', 'not there right after the pin');
  await waitFor('the rebroadcast', () => pinsOf(other).includes(CID));
  // A delta lands ~100 ms after the commit; the first rebroadcast comes 5 s after the faulty daemon started.
  assert.ok(Date.now() - start >= 1000, `carried by the rebroadcast, not a delta (${Date.now() - start} ms)`);
});

test('status: each peer reports a pin from its own state, so a pin not yet broadcast is UNPINNED on the peers that lack it', async () => {
  const edit = (c: ServiceJson) => { c.consensus.crdt!['rebroadcast_interval'] = '15s'; };
  const slow = await crdtPeer('1.0.8', { edit, faults: 'crdt-slow' });
  const other = await crdtPeer('1.0.8', { to: slow, edit });
  slow.host.ctl(['pin', 'add', '--no-status', CID]);
  const status = () => slow.host.ctl(['status', CID]).stdout;
  assert.deepEqual(status().match(/: (UN)?PINNED/g)?.sort(), [': PINNED', ': UNPINNED'], status());
  // 15 s leaves the first check well before the first rebroadcast, even under load
  await waitFor('the rebroadcast', () => pinsOf(other).includes(CID), 30_000);
  assert.deepEqual(status().match(/: (UN)?PINNED/g), [': PINNED', ': PINNED'], status());
});
