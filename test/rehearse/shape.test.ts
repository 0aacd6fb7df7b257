import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../engine/core/index.js';
import { keptVars, shapeFromFacts } from '../../rehearse/shape.js';

function facts(version: string, pinCount: number | null, config: Record<string, unknown> = {}) {
  return { installed: true, version, consensus: 'raft', pin_count: pinCount,
    config: { cluster: { leave_on_shutdown: false, secret: '********' }, consensus: { raft: { wait_for_leader_timeout: '15s' } }, ...config } };
}

const BASE = { hosts: ['a', 'b'], groups: { cluster: ['a', 'b'] }, vars: { a: {}, b: {} } };

test('the shape takes the release, the consensus, the largest pin count and the config values that matter, no secret', () => {
  const shape = shapeFromFacts({ ...BASE, facts: { a: facts('0.9.0', 5), b: facts('0.9.0', null) } });
  assert.deepEqual([shape.version, shape.consensus, shape.pinCount, shape.datastore], ['0.9.0', 'raft', 5, null]);
  assert.deepEqual(shape.config['a'], [{ path: ['cluster', 'leave_on_shutdown'], value: false },
    { path: ['consensus', 'raft', 'wait_for_leader_timeout'], value: '15s' }]);
  assert.doesNotMatch(JSON.stringify(shape), /secret|\*\*\*/);
});

test('peers on different releases are refused, naming each peer and its release', () => {
  assert.throws(() => shapeFromFacts({ ...BASE, facts: { a: facts('0.9.0', 5), b: facts('0.10.1', 5) } }),
    (e: unknown) => e instanceof EngineError && /a 0\.9\.0, b 0\.10\.1/.test(e.message));
});

test('a host without IPFS Cluster, or a cluster whose daemons do not answer, is refused', () => {
  assert.throws(() => shapeFromFacts({ ...BASE, facts: { a: facts('0.9.0', 5), b: { installed: false } } }), /b: no IPFS Cluster found/);
  assert.throws(() => shapeFromFacts({ ...BASE, facts: { a: facts('0.9.0', null), b: facts('0.9.0', null) } }), /pin count is unknown/);
});

test('the twin keeps plain inventory values, not how to reach or drive the real host', () => {
  assert.deepEqual(keptVars({ ansible_host: '10.0.0.1', runbook_home: '/x', ipfs_cluster_install: 'sudo inst', min_free_disk_mb: 50, note: 'x', nested: { a: 1 } }),
    { min_free_disk_mb: 50, note: 'x' });
});
