import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simHost } from '../helpers/sim.js';

test('fault crash-at-start-crdt crashes the daemon only under CRDT: the same host still starts under Raft', () => {
  const crdt = simHost('1.1.6', { consensus: 'crdt' });
  writeFileSync(join(crdt.home, '.sim', 'faults'), 'crash-at-start-crdt\n');
  const crashed = crdt.run('ipfs-cluster-sim-start', ['daemon']);
  assert.equal(crashed.status, 1);
  assert.match(crashed.stderr, /exited with status 2 before READY[\s\S]*panic: simulated crash at start/);
  const raft = simHost('1.1.6', { consensus: 'raft' });
  writeFileSync(join(raft.home, '.sim', 'faults'), 'crash-at-start-crdt\n');
  const started = raft.run('ipfs-cluster-sim-start', ['daemon']);
  assert.equal(started.status, 0, started.stderr);
  assert.equal(raft.run('ipfs-cluster-sim-stop', []).status, 0);
});
