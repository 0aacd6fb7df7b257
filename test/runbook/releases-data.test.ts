import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkRunbookFile, loadReleasesFile, loadRunbook } from '../../engine/runbook/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const release = (fields: string) => `    - { ${fields} }\n`;
const V0101 = 'version: 0.10.1, state_format: 6, rpc_protocol: /ipfscluster/0.10/rpc, consensus: [raft]';
const data = (releases: string, runbooks = '    upgrade-standard: { takes: any, downtime: true, consensus: [raft] }\n') =>
  `ipfs_cluster_releases:\n  releases:\n${releases}  runbooks:\n${runbooks}`;

function problems(text: string): string[] {
  const file = join(writeFiles(tempDir(), { 'releases.yml': text }), 'releases.yml');
  const loaded = loadReleasesFile(file);
  return 'diagnostics' in loaded ? loaded.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`) : [];
}

test('the shipped releases data is valid and lists the 19 releases the simulator plays, oldest first', () => {
  const loaded = loadReleasesFile(join(PROJECT_ROOT, 'runbooks/data/ipfs-cluster-releases.yml'));
  assert.ok('data' in loaded, JSON.stringify(loaded));
  assert.equal(loaded.data.releases.length, 19);
  assert.deepEqual([loaded.data.releases[0]!.version, loaded.data.releases.at(-1)!.version], ['0.3.5', '1.1.6']);
});

const BAD: readonly [what: string, text: string, expected: readonly string[]][] = [
  ['a misspelled key, a bad enum, a version YAML reads as a number',
    data(release(`${V0101}, stat_format: 2`) + release('version: 1.0, state_format: null, rpc_protocol: /ipfscluster/1.0/rpc, consensus: [paxos]')),
    ['3:99 unknown-keyword unknown key "stat_format"', '4:18 wrong-type ipfs_cluster_releases.releases[1].version must be a string, not number 1',
      '4:91 bad-value ipfs_cluster_releases.releases[1].consensus[0] must be one of "raft", "crdt", not string "paxos"']],
  ['releases out of order, a reads_state_from that is not listed, a runbook from an unknown release',
    data(release(V0101) + release('version: 0.9.0, state_format: 5, rpc_protocol: /ipfscluster/0.9/rpc, consensus: [raft]')
      + release('version: 1.1.6, state_format: null, reads_state_from: 0.10.0, rpc_protocol: /ipfscluster/1.0/rpc, consensus: [raft]'),
    '    upgrade-bootstrap: { takes: any, downtime: true, consensus: [raft], from: 0.4.0 }\n'),
    ['4:18 bad-value 0.9.0 comes after 0.10.1', '5:63 bad-value 0.10.0 is not a release of this file', '7:79 bad-value 0.4.0 is not a release of this file']],
  ['a runbook that takes what no rule knows', data(release(V0101), '    upgrade-standard: { takes: all, downtime: true, consensus: [raft] }\n'),
    ['5:32 bad-value ipfs_cluster_releases.runbooks.upgrade-standard.takes must be one of "any", "side-by-side", not string "all"']],
  ['no runbooks', 'ipfs_cluster_releases:\n  releases: []\n', ['1:1 missing-key ipfs_cluster_releases is missing the required key "runbooks"',
    '2:13 bad-value ipfs_cluster_releases.releases: a list is not valid (must NOT have fewer than 1 items)']],
];

test('bad releases data is reported at file:line:col, every problem at once', () => {
  for (const [what, text, expected] of BAD) assert.deepEqual(problems(text), expected, what);
});

test('a runbook whose vars_files has bad releases data fails to load, pointing into the data file', () => {
  const dir = writeFiles(tempDir(), {
    'data/releases.yml': data(release(`${V0101}, stat_format: 2`)),
    'rb.yml': 'runbook: t\nhosts: all\nvars_files: [data/releases.yml, data/missing.yml]\nsteps:\n  - command: ["true"]\n',
  });
  const found = checkRunbookFile(join(dir, 'rb.yml')).map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.col} ${d.code} ${d.message}`);
  assert.deepEqual(found, ['data/releases.yml:3:99 unknown-keyword unknown key "stat_format"',
    `rb.yml:3:33 file-not-found vars file not found: ${join(dir, 'data/missing.yml')}`]);
});

test('vars_files are merged over vars in order and listed, resolved against the runbook', () => {
  const dir = writeFiles(tempDir(), { 'a.yml': 'x: from-a\ny: from-a\n', 'b.yml': 'y: from-b\n',
    'rb.yml': 'runbook: t\nhosts: all\nvars: { x: own, z: own }\nvars_files: [a.yml, b.yml]\nsteps:\n  - command: ["true"]\n' });
  const runbook = loadRunbook(join(dir, 'rb.yml'));
  assert.deepEqual(runbook.vars, { x: 'from-a', y: 'from-b', z: 'own' });
  assert.deepEqual(runbook.varsFiles, [join(dir, 'a.yml'), join(dir, 'b.yml')]);
});

test('runbook validate checks a releases data file against its own schema, not the runbook one', () => {
  const dir = writeFiles(tempDir(), { 'releases.yml': data(release(`${V0101}, stat_format: 2`)) });
  assert.deepEqual(checkRunbookFile(join(dir, 'releases.yml')).map((d) => `${d.line}:${d.col} ${d.message}`), ['3:99 unknown key "stat_format"']);
  assert.deepEqual(checkRunbookFile(join(PROJECT_ROOT, 'runbooks/data/ipfs-cluster-releases.yml')), []);
});
