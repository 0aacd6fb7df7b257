import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GATHERERS, stableFacts, volatileFacts } from '../../engine/facts/index.js';

test('each gatherer declares the facts that change by themselves: free disk, the clock', () => {
  assert.deepEqual(Object.fromEntries([...GATHERERS].map(([name, g]) => [name, g.volatile])), { system: ['date'], ipfs_cluster: ['disk_free_kb'] });
});

test('volatile facts are picked per host by gatherer and field, absent ones left out', () => {
  const facts = new Map([
    ['peer1', { system: { date: '2026-11-30T03:00:00Z', os: 'Linux' }, ipfs_cluster: { disk_free_kb: 1048576, pin_count: 3 } }],
    ['peer2', { system: { os: 'Linux' } }],
  ]);
  assert.deepEqual(volatileFacts(facts, GATHERERS.values()), {
    peer1: { 'system.date': '2026-11-30T03:00:00Z', 'ipfs_cluster.disk_free_kb': 1048576 }, peer2: {} });
});

test('stable facts keep scalars and lists of scalars, and leave out volatile fields and nested documents', () => {
  const facts = new Map([['peer1', { ipfs_cluster: { disk_free_kb: 1048576, pin_count: 1, pins: ['QmA'], config: { cluster: { secret: '********' } } } }]]);
  assert.deepEqual(stableFacts(facts, GATHERERS.values()), { peer1: { 'ipfs_cluster.pin_count': 1, 'ipfs_cluster.pins': ['QmA'] } });
});
