import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
// one cluster for the whole file; started at the top, since the helpers clean up with after(), which in a before hook runs when the hook ends
const cluster: TestCluster = await startCluster({ peers: 3, version: '0.9.0' });

const cli = (...args: string[]) => runCli(args, { cwd: cluster.dir, env: { NO_COLOR: '1' } });
const plan = (file: string) => cli('plan', 'upgrade-standard', '-i', cluster.inventory, '-e', 'target_version=0.10.1', '-e', 'min_wait_for_leader_timeout=3', '-o', file);
const versions = () => cluster.hosts.map((h) => cluster.service(h.name, ['--version']).stdout.trim());

test('exec --plan with --limit is refused (exit 5) and changes nothing', () => {
  assert.equal(plan('limit.json').status, 0);
  const refused = cli('exec', '--plan', 'limit.json', '--limit', 'peer1');
  assert.equal(refused.status, 5, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /--plan limit\.json runs the plan as it was reviewed: -l\/--limit cannot be given with it/);
  assert.deepEqual(versions(), Array(3).fill('ipfs-cluster-service version 0.9.0'));
});

test('a saved plan with one byte changed is refused (exit 4) and changes nothing', () => {
  assert.equal(plan('byte.json').status, 0);
  const text = readFileSync(join(cluster.dir, 'byte.json'), 'utf8');
  writeFileSync(join(cluster.dir, 'byte.json'), text.replace('"target_version": "0.10.1"', '"target_version": "0.10.2"'));
  const refused = cli('exec', '--plan', 'byte.json');
  assert.equal(refused.status, 4, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /the plan byte\.json was changed after `runbook plan` wrote it/);
  assert.deepEqual(versions(), Array(3).fill('ipfs-cluster-service version 0.9.0'));
});

test('a pin added after the review makes exec --plan refuse (exit 1) with the difference, and changes nothing', () => {
  assert.equal(plan('before-pin.json').status, 0);
  assert.match(cluster.ctl('peer1', ['pin', 'add', CID]), new RegExp(CID));
  const refused = cli('exec', '--plan', 'before-pin.json');
  assert.equal(refused.status, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /the plan before-pin\.json no longer holds/);
  assert.match(refused.stderr, /^ {2}peer1: summary pins: 5 → 6$/m);
  assert.match(refused.stderr, new RegExp(`^ {2}peer1: facts\\.ipfs_cluster\\.pins: added ${CID}$`, 'm'));
  assert.deepEqual(versions(), Array(3).fill('ipfs-cluster-service version 0.9.0'));
});

test('plan upgrade-standard -o, then exec --plan runs it: every peer at 0.10.1', () => {
  assert.equal(plan('p.json').status, 0);
  const ran = cli('exec', '--plan', 'p.json', '--output', 'plain');
  assert.equal(ran.status, 0, ran.stdout + ran.stderr);
  assert.deepEqual(versions(), Array(3).fill('ipfs-cluster-service version 0.10.1'));
});
