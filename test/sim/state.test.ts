import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportFile, simHost } from '../helpers/sim.js';
import { tempDir } from '../helpers/files.js';

const CID_A = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const CID_B = 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn';

function backups(folder: string, name = 'raft'): string[] {
  return readdirSync(folder).filter((n) => n.startsWith(`${name}.old.`)).sort();
}

test('state export with no snapshot fails up to 0.10 and prints nothing from 0.11', () => {
  assert.deepEqual(simHost('0.9.0').service(['state', 'export']), { status: 1, stdout: '', stderr: 'error exporting state: no snapshot found\n' });
  assert.deepEqual(simHost('1.1.6').service(['state', 'export']), { status: 0, stdout: '', stderr: '' });
});

test('state export is a 4-space JSON array up to 0.10 (0.9: api.PinSerial with string CIDs) and NDJSON from 0.11', () => {
  const dir = tempDir();
  const v09 = simHost('0.9.0');
  assert.equal(v09.service(['state', 'import', '-f', exportFile(dir, [CID_A], '0.9.0')]).status, 0);
  assert.equal(v09.service(['state', 'export']).stdout, '[\n    {\n        "replication_factor_min": -1,\n        "replication_factor_max": -1,\n'
    + '        "name": "",\n        "shard_size": 0,\n        "cid": "' + CID_A + '",\n        "type": 2,\n        "allocations": [],\n'
    + '        "max_depth": -1,\n        "reference": ""\n    }\n]\n');
  const v10 = simHost('0.10.1');
  v10.service(['state', 'import', '-f', exportFile(dir, [CID_A], '0.10.1')]);
  assert.deepEqual((JSON.parse(v10.service(['state', 'export']).stdout) as { cid: unknown }[]).map((p) => p.cid), [{ '/': CID_A }]);
  const v11 = simHost('0.11.0');
  assert.equal(v11.service(['state', 'import', '-f', exportFile(dir, [CID_A, CID_B], '0.11.0')]).status, 0);
  const lines = v11.service(['state', 'export']).stdout.trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { cid: { '/': string } }).cid['/']), [CID_A, CID_B]);
  const file = join(dir, 'out.json');
  assert.deepEqual(v11.service(['state', 'export', '-f', file]), { status: 0, stdout: '', stderr: '' });
  assert.equal(readFileSync(file, 'utf8').split('\n').length, 3);
});

test('up to 0.6 the force flag is global: `-f state import` works, `state import -f` is a usage error that does nothing', () => {
  const dir = tempDir();
  const host = simHost('0.6.0');
  const wrong = host.service(['state', 'import', '-f', exportFile(dir, [CID_A], '0.6.0')]);
  assert.equal(wrong.status, 0);
  assert.match(wrong.stdout, /^Incorrect Usage: flag provided but not defined: -f\n/);
  assert.ok(!existsSync(join(host.folder, 'raft')));
  assert.deepEqual(host.service(['-f', 'state', 'import', exportFile(dir, [CID_A], '0.6.0')]), { status: 0, stdout: '', stderr: '' });
  assert.match(host.service(['state', 'export']).stdout, new RegExp(CID_A));
});

test('from 0.7 the force flag is the subcommand\'s: a global -f is ignored, the prompt reads EOF and nothing happens', () => {
  const dir = tempDir();
  const host = simHost('0.9.0');
  const ignored = host.service(['-f', 'state', 'import', exportFile(dir, [CID_A], '0.9.0')]);
  assert.deepEqual(ignored, { status: 0, stdout: 'The peer\'s state will be replaced.  Run with -h for details.  Continue? [y/n]: ', stderr: '' });
  assert.ok(!existsSync(join(host.folder, 'raft')));
  assert.equal(host.service(['state', 'import', exportFile(dir, [CID_A], '0.9.0'), '-f']).status, 0, 'flags after the file are reordered');
  assert.match(host.service(['state', 'export']).stdout, new RegExp(CID_A));
});

test('a y answer on stdin is honoured and other answers re-ask three times', () => {
  const dir = tempDir();
  const host = simHost('0.10.1');
  assert.equal(host.service(['state', 'import', exportFile(dir, [CID_A], '0.10.1')], 'y\n').status, 0);
  assert.match(host.service(['state', 'export']).stdout, new RegExp(CID_A));
  const prompt = 'The peer\'s state will be removed from the load path.  Existing pins may be lost. Continue? [y/n]: ';
  const reask = host.service(['state', 'cleanup'], 'maybe\nperhaps\nwhat\n');
  assert.equal(reask.stdout, `${prompt}Please press either 'y' or 'n'\n`.repeat(3));
  assert.deepEqual(host.service(['state', 'cleanup'], '\ny\n'), { status: 0, stdout: prompt, stderr: '' }, 'an empty line is a no');
  assert.ok(existsSync(join(host.folder, 'raft')));
});

test('the cleanup prompt has two spaces before "Continue" up to 0.6, one in 0.7–0.10, and its own text from 0.11', () => {
  assert.equal(simHost('0.6.0').service(['state', 'cleanup']).stdout,
    'The peer\'s state will be removed from the load path.  Existing pins may be lost.  Continue? [y/n]: ');
  assert.equal(simHost('0.7.0').service(['state', 'cleanup']).stdout,
    'The peer\'s state will be removed from the load path.  Existing pins may be lost. Continue? [y/n]: ');
  assert.equal(simHost('1.0.0').service(['state', 'cleanup']).stdout,
    'The peer state will be removed.  Existing pins may be lost. Continue? [y/n]: ');
});

test('cleanup rotates raft into .old.N keeping exactly backups_rotate copies, newest in .old.0', () => {
  const dir = tempDir();
  const host = simHost('0.9.0');
  host.editConfig((c) => { c.consensus.raft!['backups_rotate'] = 3; });
  for (let i = 0; i < 5; i++) {
    assert.equal(host.service(['state', 'import', '-f', exportFile(dir, [`QmGeneration${i}`.padEnd(46, 'x')], '0.9.0')]).status, 0);
  }
  assert.deepEqual(backups(host.folder), ['raft.old.0', 'raft.old.1', 'raft.old.2']);
  assert.equal(host.service(['state', 'cleanup', '-f']).status, 0);
  assert.ok(!existsSync(join(host.folder, 'raft')));
  assert.deepEqual(backups(host.folder), ['raft.old.0', 'raft.old.1', 'raft.old.2']);
  const newest = readdirSync(join(host.folder, 'raft.old.0', 'snapshots'))[0]!;
  assert.match(readFileSync(join(host.folder, 'raft.old.0', 'snapshots', newest, 'state.bin'), 'utf8'), /QmGeneration4/);
});

test('0.3.5 keeps 5 backups of ipfs-cluster-data; from 0.4 a folder without a snapshot is just removed', () => {
  const dir = tempDir();
  const old = simHost('0.3.5');
  for (let i = 0; i < 7; i++) old.service(['-f', 'state', 'import', exportFile(dir, [CID_A], '0.3.5')]);
  assert.deepEqual(backups(old.folder, 'ipfs-cluster-data'), [0, 1, 2, 3, 4].map((i) => `ipfs-cluster-data.old.${i}`));
  const host = simHost('0.4.0');
  host.service(['-f', 'state', 'import', exportFile(dir, [CID_A], '0.4.0')]);
  host.service(['-f', 'state', 'cleanup']);
  assert.deepEqual(backups(host.folder), ['raft.old.0']);
  const empty = simHost('0.4.0');
  const db = join(empty.folder, 'raft');
  mkdirSync(db, { recursive: true });
  writeFileSync(join(db, 'raft.db'), '{}');
  assert.equal(empty.service(['-f', 'state', 'cleanup']).status, 0);
  assert.deepEqual([existsSync(db), backups(empty.folder)], [false, []]);
});

test('state upgrade: no snapshot fails, current state warns and exits 0, older state migrates and rotates', () => {
  const dir = tempDir();
  const host = simHost('0.9.0');
  assert.deepEqual(host.service(['state', 'upgrade']), { status: 1, stdout: '', stderr: 'error upgrading state: no snapshot found\n' });
  host.service(['state', 'import', '-f', exportFile(dir, [CID_A], '0.9.0')]);
  const current = host.service(['state', 'upgrade']);
  assert.deepEqual([current.status, current.stdout], [0, '']);
  assert.match(current.stderr, /WARNING +service: Skipping migration of up-to-date state\n$/);
  assert.equal(host.run('ipfs-cluster-install', ['0.10.1']).status, 0);
  assert.equal(host.service(['state', 'version']).stdout, '6\n');
  assert.equal(host.service(['state', 'upgrade']).status, 0);
  assert.deepEqual(backups(host.folder), ['raft.old.0'], 'the format-5 state is kept as raft.old.0');
  assert.match(host.service(['state', 'upgrade']).stderr, /Skipping migration/);
  assert.match(host.service(['state', 'export']).stdout, new RegExp(CID_A));
});

test('from 0.11 import cleans the state before parsing, so an array export rotates the state away and fails', () => {
  const dir = tempDir();
  const host = simHost('0.11.0');
  host.service(['state', 'import', '-f', exportFile(dir, [CID_A], '0.11.0')]);
  const result = host.service(['state', 'import', '-f', exportFile(dir, [CID_B], '0.10.1')]);
  assert.deepEqual(result.status, 1);
  assert.match(result.stderr, /error importing state: json: cannot unmarshal array into Go value of type api\.Pin\n$/);
  assert.ok(!existsSync(join(host.folder, 'raft')));
  assert.match(readdirSync(host.folder).join(' '), /raft\.old\.0/);
  const v10 = simHost('0.10.1');
  v10.service(['state', 'import', '-f', exportFile(dir, [CID_A], '0.10.1')]);
  assert.equal(v10.service(['state', 'import', '-f', exportFile(dir, [CID_B], '0.11.0')]).status, 1);
  assert.match(v10.service(['state', 'export']).stdout, new RegExp(CID_A), '≤0.10 parses first and keeps the state');
});

test('a 0.11+ binary cannot read a state below format 6: go through 0.10.x first', () => {
  const host = simHost('0.9.0');
  host.service(['state', 'import', '-f', exportFile(tempDir(), [CID_A], '0.9.0')]);
  host.run('ipfs-cluster-install', ['1.1.6']);
  const refused = host.service(['state', 'export']);
  assert.deepEqual([refused.status, refused.stdout], [1, '']);
  assert.match(refused.stderr, /identity information extracted[\s\S]*\nerror exporting state: unsupported state version 5\n$/);
  host.run('ipfs-cluster-install', ['0.10.1']);
  host.service(['state', 'upgrade']);
  host.run('ipfs-cluster-install', ['1.1.6']);
  assert.match(host.service(['state', 'export']).stdout, new RegExp(`"cid":"${CID_A}"`));
});

test('0.3.5 cleanup of a missing folder still shifts the backups, then warns three times and exits 0', () => {
  const host = simHost('0.3.5');
  mkdirSync(join(host.folder, 'ipfs-cluster-data.old.0'));
  const result = host.service(['-f', 'state', 'cleanup']);
  assert.equal(result.status, 0);
  assert.equal(result.stderr.split('\n').filter((l) => / WARNING /.test(l)).length, 3);
  assert.match(result.stderr, /the state could not be cleaned properly\n.*manual intervention may be needed before starting cluster again\n$/);
  assert.deepEqual(backups(host.folder, 'ipfs-cluster-data'), ['ipfs-cluster-data.old.1']);
});
