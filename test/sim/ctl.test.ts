import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { simHost } from '../helpers/sim.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
// One running 0.10.0 peer and one 1.1.6 (crdt) peer shared by the tests below.
const host = simHost('0.10.0');
const daemon = await host.daemon();
const modern = simHost('1.1.6', { consensus: 'crdt' });
const modernDaemon = await modern.daemon();
after(async () => { await daemon.stop(); await modernDaemon.stop(); });

test('`peer rm` (singular) is an unknown command: "No help topic for \'peer\'" on stderr, exit 3', () => {
  assert.deepEqual(host.ctl(['peer', 'rm', 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG']), { status: 3, stdout: '', stderr: 'No help topic for \'peer\'\n' });
});

test('`peers rm` of the only peer answers HTTP 500 and ctl prints the error block and exits 2', () => {
  const id = (JSON.parse(host.ctl(['--enc', 'json', 'id']).stdout) as { id: string }).id;
  assert.deepEqual(host.ctl(['peers', 'rm', id]), { status: 2, stdout: 'An error occurred:\n  Code: 500\n  Message: cannot remove ourselves from a 1-peer cluster\n', stderr: '' });
  assert.equal(host.ctl(['peers', 'ls']).stdout.split('\n')[0], `${id} | peer1 | Sees 0 other peers`);
});

test('a bad peer ID fails in ctl with exit 1; an unreachable daemon prints Code 0 and exits 1', () => {
  assert.deepEqual(host.ctl(['peers', 'rm', 'nope']).status, 1);
  const down = simHost('0.10.0').ctl(['id']);
  assert.equal(down.status, 1);
  assert.match(down.stdout, /^An error occurred:\n {2}Code: 0\n {2}Message: Get http:\/\/127[\d.]+:9094\/id: dial tcp [\d.:]+: connect: connection refused\n$/);
});

test('`version` prints the server version; its JSON key is "Version" up to 0.10.0 and "version" later', () => {
  assert.deepEqual(host.ctl(['version']), { status: 0, stdout: '0.10.0\n', stderr: '' });
  assert.deepEqual(JSON.parse(host.ctl(['--enc', 'json', 'version']).stdout), { Version: '0.10.0' });
  assert.deepEqual(JSON.parse(modern.ctl(['--enc', 'json', 'version']).stdout), { version: '1.1.6' });
});

test('0.10 pin ls shows the type and depth, and status pads peer names to 15 characters', () => {
  assert.equal(host.ctl(['pin', 'add', CID]).status, 0);
  assert.equal(host.ctl(['pin', 'ls']).stdout, `${CID} |  | PIN | Repl. Factor: -1 | Allocations: [everywhere] | Recursive\n`);
  assert.match(host.ctl(['status', CID]).stdout, new RegExp(`^${CID} :\\n {4}> peer1 {10} : PINNED \\| \\S+\\n$`));
  assert.equal(host.ctl(['pin', 'rm', CID]).status, 0);
  assert.equal(host.ctl(['pin', 'ls']).stdout, '');
});

test('v1 ctl uses the long pin/status lines, streams JSON objects, and `peers rm` under crdt exits 2', () => {
  modern.ctl(['pin', 'add', '--name', 'docs', CID]);
  assert.match(modern.ctl(['pin', 'ls']).stdout, new RegExp(`^${CID} \\| docs \\| PIN \\| Repl. Factor: -1 \\| Allocations: \\[everywhere\\] `
    + '\\| Recursive \\| Metadata: no \\| Exp: ∞ \\| Added: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\n$'));
  assert.match(modern.ctl(['status']).stdout, new RegExp(`^${CID} \\| docs:\\n {4}> peer1 {16}: PINNED \\| \\S+ \\| Attempts: 0 \\| Priority: false\\n`));
  const peers = modern.ctl(['--enc', 'json', 'peers', 'ls']).stdout;
  assert.ok(peers.startsWith('{\n    "id"'), 'no array around the objects');
  const id = (JSON.parse(peers) as { id: string; rpc_protocol_version: string }).id;
  assert.deepEqual(modern.ctl(['peers', 'rm', id]), { status: 2, stdout: 'An error occurred:\n  Code: 500\n  Message: crdt consensus component cannot remove peers\n', stderr: '' });
});

test('--host/-l points ctl at another peer\'s API; `version` reports that server\'s release', () => {
  assert.deepEqual(modern.ctl(['--host', `/ip4/${host.address}/tcp/9094`, 'version']), { status: 0, stdout: '0.10.0\n', stderr: '' });
  assert.deepEqual(modern.ctl(['-l', `/ip4/${host.address}/tcp/9094`, '--enc', 'json', 'version']).stdout, '{\n    "Version": "0.10.0"\n}\n');
});
