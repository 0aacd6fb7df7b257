import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { simHost, type SimHost } from '../helpers/sim.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const SECONDS = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';

/** A one-peer Raft cluster of `version` holding CID named "docs" (every pin in error with `faults`); stopped at the end. */
async function pinnedPeer(version: string, faults = ''): Promise<SimHost> {
  const host = simHost(version);
  const daemon = await host.daemon(['daemon'], { env: { IPFS_CLUSTER_SIM_FAULTS: faults } });
  assert.ok(daemon.isReady, daemon.stderr());
  after(() => daemon.stop());
  assert.equal(host.ctl(['pin', 'add', '--name', 'docs', CID]).status, 0);
  return host;
}

const [v04, v05, v06, v09, v010, v04err, v05err] = await Promise.all([
  pinnedPeer('0.4.0'), pinnedPeer('0.5.0'), pinnedPeer('0.6.0'), pinnedPeer('0.9.0'), pinnedPeer('0.10.0'),
  pinnedPeer('0.4.0', 'pin-error'), pinnedPeer('0.5.0', 'pin-error')]);
const idOf = (host: SimHost) => (JSON.parse(host.ctl(['--enc', 'json', 'id']).stdout) as { id: string }).id;

test('pin ls: 0.4.0 prints "<cid> | <name> | Repl. Factor…" as 0.3.5 did; from 0.5.0 the type and the depth follow', () => {
  assert.equal(v04.ctl(['pin', 'ls']).stdout, `${CID} | docs | Repl. Factor: -1 | Allocations: [everywhere]\n`);
  const typed = `${CID} | docs | PIN | Repl. Factor: -1 | Allocations: [everywhere] | Recursive\n`;
  assert.equal(v05.ctl(['pin', 'ls']).stdout, typed);
  assert.equal(v09.ctl(['pin', 'ls']).stdout, typed);
  assert.equal(v010.ctl(['pin', 'ls']).stdout, typed);
});

test('status: up to 0.5.0 a peer is "> Peer <id> :"; from 0.6.0 its name padded to 15; times in whole seconds up to 0.9', () => {
  assert.match(v04.ctl(['status', CID]).stdout, new RegExp(`^${CID} :\\n {4}> Peer ${idOf(v04)} : PINNED \\| ${SECONDS}\\n$`));
  assert.match(v05.ctl(['status', CID]).stdout, new RegExp(`^${CID} :\\n {4}> Peer ${idOf(v05)} : PINNED \\| ${SECONDS}\\n$`));
  assert.match(v06.ctl(['status', CID]).stdout, new RegExp(`^${CID} :\\n {4}> peer1 {10} : PINNED \\| ${SECONDS}\\n$`));
  assert.match(v09.ctl(['status']).stdout, new RegExp(`^${CID} :\\n {4}> peer1 {10} : PINNED \\| ${SECONDS}\\n$`));
  assert.match(v010.ctl(['status']).stdout, new RegExp(`^${CID} :\\n {4}> peer1 {10} : PINNED \\| [\\d-]+T[\\d:]+\\.\\d+Z\\n$`));
});

test('a peer in error: 0.4.0 prints "ERROR | <error>" and no time; from 0.5.0 "PIN_ERROR: <error> | <time>"', () => {
  const error = 'context deadline exceeded (sim fault pin-error)';
  assert.equal(v04err.ctl(['status', CID]).stdout, `${CID} :\n    > Peer ${idOf(v04err)} : ERROR | ${error}\n`);
  assert.match(v05err.ctl(['status', CID]).stdout, new RegExp(`^${CID} :\\n {4}> Peer ${idOf(v05err)} : PIN_ERROR: ${error.replace(/[()]/g, '\\$&')} \\| ${SECONDS}\\n$`));
});

test('id, peers ls and version print one layout from 0.4.0 to 0.10.0: "<id> | <name> | Sees N other peers", the bare version', () => {
  for (const [host, version] of [[v04, '0.4.0'], [v09, '0.9.0'], [v010, '0.10.0']] as const) {
    const lines = host.ctl(['id']).stdout.split('\n');
    assert.deepEqual(lines.slice(0, 2), [`${idOf(host)} | peer1 | Sees 0 other peers`, '  > Addresses:'], version);
    assert.equal(host.ctl(['peers', 'ls']).stdout, host.ctl(['id']).stdout, version);
    assert.equal(host.ctl(['version']).stdout, `${version}\n`);
  }
});
