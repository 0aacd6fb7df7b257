import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const PATTERNS = join(PROJECT_ROOT, 'test/fixtures/inventory/patterns/inventory.yml');
const dir = writeFiles(tempDir(), {
  'inventories/prod.yml': 'all:\n  children:\n    cluster:\n      hosts:\n        peer[1:3]:\n          api_port: 9094\n',
  'retry.txt': 'web02\nweb04\n',
});

test('inventory --list prints JSON byte for byte as ansible-inventory does (4-space indent, sorted keys)', () => {
  const result = runCli(['inventory', '-i', 'prod', '--list'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  assert.ok(result.stdout.startsWith('{\n    "_meta": {\n        "hostvars": {\n            "peer1": {\n'), result.stdout);
  assert.deepEqual(JSON.parse(result.stdout).cluster, { hosts: ['peer1', 'peer2', 'peer3'] });
});

test('inventory --host prints one host\'s resolved variables', () => {
  const result = runCli(['inventory', '-i', 'inventories/prod.yml', '--host', 'peer2'], { cwd: dir });
  assert.deepEqual(JSON.parse(result.stdout), { api_port: 9094 });
});

test('--list-hosts applies --limit, reading @file limits one pattern per line', () => {
  const result = runCli(['inventory', '-i', PATTERNS, '--list-hosts', 'web:!staging', '--limit', '@retry.txt'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '  hosts (2):\n    web02\n    web04\n');
});

test('a --limit term that matches nothing is a warning, not an error', () => {
  const result = runCli(['inventory', '-i', PATTERNS, '--list-hosts', 'db', '--limit', 'db1,nomatch'], { cwd: dir });
  assert.equal(result.status, 0);
  assert.equal(result.stdout, '  hosts (1):\n    db1\n');
  assert.match(result.stderr, /warning: --limit: could not match "nomatch"/);
});

test('a hosts pattern that matches nothing is an error (exit 4) unless --allow-empty', () => {
  const refused = runCli(['inventory', '-i', PATTERNS, '--list-hosts', 'nomatch'], { cwd: dir });
  assert.equal(refused.status, 4);
  assert.match(refused.stderr, /hosts pattern "nomatch" matches no host/);
  const allowed = runCli(['inventory', '-i', PATTERNS, '--list-hosts', 'nomatch', '--allow-empty'], { cwd: dir });
  assert.equal(allowed.status, 0);
  assert.equal(allowed.stdout, '  hosts (0):\n');
});

test('a malformed inventory exits 4 with file:line:col', () => {
  const file = join(PROJECT_ROOT, 'test/fixtures/inventory/errors/range-mixed/inventory.yml');
  const result = runCli(['inventory', '-i', file, '--graph']);
  assert.equal(result.status, 4);
  assert.ok(result.stderr.startsWith(`${file}:4:5: error[inventory]: host "web[a:5]"`), result.stderr);
});

test('several -i sources are merged, as Ansible merges them', () => {
  const result = runCli(['inventory', '-i', 'prod', '-i', 'extra1,extra2:2200,', '--list'], { cwd: dir });
  const list = JSON.parse(result.stdout);
  assert.deepEqual(list.ungrouped.hosts, ['extra1', 'extra2']);
  assert.deepEqual(list._meta.hostvars.extra2, { ansible_port: 2200 });
  assert.deepEqual(list.cluster.hosts, ['peer1', 'peer2', 'peer3']);
});

test('without exactly one of --list, --graph, --host or --list-hosts, it is a usage error (exit 5)', () => {
  assert.equal(runCli(['inventory', '-i', PATTERNS]).status, 5);
  assert.equal(runCli(['inventory', '-i', PATTERNS, '--list', '--graph']).status, 5);
});
