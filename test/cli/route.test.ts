import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const route = (...args: string[]) => runCli(['route', ...args], { env: { NO_COLOR: '1' } });

test('route 0.9.0 1.1.6 prints each hop with its runbook, its reason and the command to run, exit 0', () => {
  const r = route('0.9.0', '1.1.6');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], '0.9.0 → 1.1.6 (raft): 2 hops');
  assert.deepEqual(lines.filter((l) => /^\d\. /.test(l)), ['1. 0.9.0 → 0.10.1 with upgrade-standard', '2. 0.10.1 → 1.1.6 with upgrade-standard']);
  assert.match(r.stdout, /why: .*a stop, since 1\.1\.6 cannot read a state older than 0\.10\.0's format \(6\)/);
  assert.match(r.stdout, /run: runbook exec upgrade-standard -i INVENTORY -e target_version=0\.10\.1\n/);
});

test('route --format json gives the hops as data; --format markdown a table for a change review', () => {
  const json = route('1.0.8', '1.1.6', '--consensus', 'crdt', '--format', 'json');
  assert.equal(json.status, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { consensus: string; route: { from: string; to: string; runbook: string }[] };
  assert.equal(parsed.consensus, 'crdt');
  assert.deepEqual(parsed.route.map(({ from, to, runbook }) => [from, to, runbook]), [['1.0.8', '1.1.6', 'upgrade-rolling']]);
  const md = route('1.0.8', '1.1.6', '--consensus', 'crdt', '--format', 'markdown');
  assert.match(md.stdout, /^\| 1 \| 1\.0\.8 \| 1\.1\.6 \| `upgrade-rolling` \| 1\.0\.8 and 1\.1\.6 run side by side/m);
});

test('no route exits 1 with the reason; a version the data does not know exits 5 with the known ones', () => {
  const none = route('0.9.0', '1.1.6', '--consensus', 'crdt');
  assert.equal(none.status, 1);
  assert.equal(none.stderr, 'no route: no route from 0.9.0 to 1.1.6 under crdt: 0.9.0 has no crdt consensus (it has raft)\n');
  const unknown = route('0.9.1', '1.1.6');
  assert.equal(unknown.status, 5);
  assert.match(unknown.stderr, /^error: 0\.9\.1 is not a release the route data knows\nhint: known releases: 0\.3\.5, .*, 1\.1\.6\n$/);
  assert.equal(route('0.9.0', '1.1.6', '--consensus', 'paxos').status, 5);
});

test('an invalid --data file exits 4 with file:line:col; a missing one exits 5', () => {
  const dir = writeFiles(tempDir(), { 'bad.yml': 'ipfs_cluster_releases:\n  releases: []\n  runbooks: {}\n  extra: 1\n' });
  const bad = route('0.9.0', '1.1.6', '--data', join(dir, 'bad.yml'));
  assert.equal(bad.status, 4);
  assert.match(bad.stderr, new RegExp(`${join(dir, 'bad.yml')}:4:3: error\\[unknown-keyword\\]: unknown key "extra"`));
  assert.equal(route('0.9.0', '1.1.6', '--data', join(dir, 'missing.yml')).status, 5);
});
