import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFactChanges } from '../../engine/plan/index.js';

const cases: { name: string; saved: Record<string, unknown>; now: Record<string, unknown>; expected: string[] }[] = [
  { name: 'nothing changed', saved: { 'ipfs_cluster.pin_count': 5 }, now: { 'ipfs_cluster.pin_count': 5 }, expected: [] },
  { name: 'a scalar', saved: { 'ipfs_cluster.pin_count': 5 }, now: { 'ipfs_cluster.pin_count': 6 }, expected: ['peer1: facts.ipfs_cluster.pin_count: 5 → 6'] },
  { name: 'a list, as what was added and removed', saved: { 'ipfs_cluster.pins': ['QmA', 'QmB'] }, now: { 'ipfs_cluster.pins': ['QmB', 'QmC'] },
    expected: ['peer1: facts.ipfs_cluster.pins: added QmC; removed QmA'] },
  { name: 'a fact that appeared', saved: {}, now: { 'ipfs_cluster.version': '0.9.0' }, expected: ['peer1: facts.ipfs_cluster.version: (none) → 0.9.0'] },
];

for (const { name, saved, now, expected } of cases) {
  test(`facts changed since a plan: ${name}`, () => {
    assert.deepEqual(describeFactChanges({ peer1: saved }, { peer1: now }), expected);
  });
}
