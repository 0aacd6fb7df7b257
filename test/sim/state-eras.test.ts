import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportFile, simHost } from '../helpers/sim.js';
import { tempDir } from '../helpers/files.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const CID_B = 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn';

/** The single pin `state export` of `version` writes after importing CID, parsed. */
function exportedPin(version: string): Record<string, unknown> {
  const host = simHost(version);
  assert.equal(host.service(['state', 'import', '-f', exportFile(tempDir(), [CID], version)]).status, 0);
  const text = host.service(['state', 'export']).stdout;
  const value = JSON.parse(text) as unknown;
  return (Array.isArray(value) ? value[0] : value) as Record<string, unknown>;
}

test('state export field sets: 0.9 PinSerial, 0.10 adds user_allocations/metadata with {"/": cid}, 0.11 adds pin_update', () => {
  assert.deepEqual(Object.keys(exportedPin('0.9.0')), ['replication_factor_min', 'replication_factor_max', 'name', 'shard_size',
    'cid', 'type', 'allocations', 'max_depth', 'reference']);
  const v10 = exportedPin('0.10.1');
  assert.deepEqual(Object.keys(v10), ['replication_factor_min', 'replication_factor_max', 'name', 'shard_size', 'user_allocations',
    'metadata', 'cid', 'type', 'allocations', 'max_depth', 'reference']);
  assert.deepEqual([v10['cid'], v10['type'], v10['reference']], [{ '/': CID }, 2, null]);
  assert.ok(Object.keys(exportedPin('0.11.0')).includes('pin_update'));
});

test('pin JSON 0.12–0.14 grows expire_at, mode, origins, timestamp; 1.0 writes the CID as a string and the type as "pin"', () => {
  assert.deepEqual(Object.keys(exportedPin('0.12.1')).filter((k) => ['expire_at', 'mode', 'origins'].includes(k)), ['expire_at']);
  assert.deepEqual(Object.keys(exportedPin('0.13.3')).filter((k) => ['mode', 'origins'].includes(k)), ['mode']);
  const v14 = exportedPin('0.14.5');
  assert.deepEqual([v14['cid'], v14['type'], v14['mode'], v14['origins'], v14['timestamp']],
    [{ '/': CID }, 2, 'recursive', null, '0001-01-01T00:00:00Z']);
  const v1 = exportedPin('1.0.0');
  assert.deepEqual([v1['cid'], v1['type'], v1['mode'], v1['pin_update']], [CID, 'pin', 'recursive', null]);
  assert.deepEqual(Object.keys(v1), Object.keys(v14), 'same fields as 0.14.5, other encodings');
});

test('0.10–0.14 refuse a string CID with go-cid\'s error; ≤0.9 refuse {"/": cid} naming api.PinSerial', () => {
  const dir = tempDir();
  const v14 = simHost('0.14.5');
  assert.deepEqual(v14.service(['state', 'import', '-f', exportFile(dir, [CID], '1.0.0')]), { status: 1, stdout: '',
    stderr: 'error importing state: json: cannot unmarshal string into Go value of type struct { CidTarget string "json:\\"/\\"" }\n' });
  assert.equal(simHost('0.10.0').service(['state', 'import', '-f', exportFile(dir, [CID], '0.9.0')]).status, 1);
  const v09 = simHost('0.9.0').service(['state', 'import', '-f', exportFile(dir, [CID], '0.10.0')]);
  assert.equal(v09.stderr, 'error importing state: json: cannot unmarshal object into Go struct field PinSerial.cid of type string\n');
  assert.equal(simHost('0.13.3').service(['state', 'import', '-f', exportFile(dir, [CID], '0.11.0')]).status, 0, '0.11 files load in 0.13');
});

test('1.x import of a 0.14 backup wipes the live CRDT pinset first, then fails on the {"/": cid} encoding', () => {
  const dir = tempDir();
  const host = simHost('1.0.0', { consensus: 'crdt' });
  assert.equal(host.service(['state', 'import', '-f', exportFile(dir, [CID], '1.0.0')]).status, 0);
  assert.match(host.service(['state', 'export']).stdout, new RegExp(CID));
  const result = host.service(['state', 'import', '-f', exportFile(dir, [CID_B], '0.14.5')]);
  assert.deepEqual(result, { status: 1, stdout: '', stderr: 'error importing state: json: cannot unmarshal object into Go value of type string\n' });
  assert.deepEqual(host.service(['state', 'export']), { status: 0, stdout: '', stderr: '' }, 'the live pinset is gone');
});

test('1.x import of a 0.14 backup under Raft rotates the state into raft.old.0 before failing; 0.14 keeps a 1.x file out the same way', () => {
  const dir = tempDir();
  const host = simHost('1.1.6');
  host.service(['state', 'import', '-f', exportFile(dir, [CID], '1.1.6')]);
  assert.equal(host.service(['state', 'import', '-f', exportFile(dir, [CID_B], '0.14.5')]).status, 1);
  assert.deepEqual([existsSync(join(host.folder, 'raft')), readdirSync(host.folder).includes('raft.old.0')], [false, true]);
  const v14 = simHost('0.14.5');
  v14.service(['state', 'import', '-f', exportFile(dir, [CID], '0.14.5')]);
  assert.equal(v14.service(['state', 'import', '-f', exportFile(dir, [CID_B], '1.1.6')]).status, 1);
  assert.equal(v14.service(['state', 'export']).stdout, '', '0.14 also cleans before parsing (0.11+)');
});

test('1.x reads its own indented `--enc json` stream as an import file (json.Decoder reads values, not lines)', () => {
  const host = simHost('1.1.6');
  const file = join(tempDir(), 'stream.json');
  const pin = { cid: CID, type: 'pin', name: 'a' };
  const text = `${JSON.stringify(pin, null, '    ')}\n${JSON.stringify({ ...pin, cid: CID_B }, null, '    ')}\n`;
  writeFileSync(file, text);
  assert.equal(host.service(['state', 'import', '-f', file]).status, 0);
  assert.equal(host.service(['state', 'export']).stdout.trimEnd().split('\n').length, 2);
});
