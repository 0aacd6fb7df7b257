import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparePlans, describeDifferences, type PlanDocument, type PlanEntry } from '../../engine/plan/index.js';

const entry = (host: string, extra: Partial<PlanEntry> = {}): PlanEntry => ({
  host, mark: 'will run', readOnly: false, description: 'ipfs-cluster-service --version', undo: [], ...extra });

const PLAN: PlanDocument = {
  version: 1, runbook: { name: 'u', file: 'runbooks/u.yml' }, inventory: ['sim.yml'], hosts: ['peer1', 'peer2'], vars: { target_version: '0.10.1' },
  summary: { peer1: { pins: '3' }, peer2: { pins: '3' } },
  blocks: [{ id: '2', name: 'Upgrade', kind: 'lockstep', rollbackScope: 'all', hosts: ['peer1', 'peer2'] }],
  steps: [
    { id: '1', name: 'Enough free disk', module: 'assert', entries: [entry('peer1', { readOnly: true }), entry('peer2', { readOnly: true })] },
    { id: '2.1', name: 'Install', module: 'command', entries: [entry('peer1', { undo: ['install 0.9.0'] }), entry('peer2', { undo: ['install 0.9.0'] })] },
  ],
  unreachable: {},
};

/** The plan with the first entry of step `index` for peer1 changed. */
function withEntry(index: number, change: Partial<PlanEntry>): PlanDocument {
  return { ...PLAN, steps: PLAN.steps.map((s, i) => (i === index ? { ...s, entries: s.entries.map((e) => (e.host === 'peer1' ? { ...e, ...change } : e)) } : s)) };
}

const cases: { name: string; fresh: PlanDocument; expected: string[] }[] = [
  { name: 'the same plan', fresh: PLAN, expected: [] },
  { name: 'a check that now fails', fresh: withEntry(0, { mark: 'fails', reason: 'peer1 has 50 MB free' }),
    expected: ['peer1: step 1 "Enough free disk": mark: will run → fails', 'peer1: step 1 "Enough free disk": reason: (none) → peer1 has 50 MB free'] },
  { name: 'a rendered command', fresh: withEntry(1, { description: 'install 0.10.2' }),
    expected: ['peer1: step 2.1 "Install": command: ipfs-cluster-service --version → install 0.10.2'] },
  { name: 'an undo hook', fresh: withEntry(1, { undo: [] }), expected: ['peer1: step 2.1 "Install": undo: install 0.9.0 → (none)'] },
  { name: 'a content diff, by its first differing line', fresh: withEntry(1, { diff: '--- a\n+++ b\n-x\n+y' }),
    expected: ['peer1: step 2.1 "Install": content diff: line 1: (none) → line 1: --- a'] },
  { name: 'the summary', fresh: { ...PLAN, summary: { ...PLAN.summary, peer2: { pins: '4' } } }, expected: ['peer2: summary pins: 3 → 4'] },
  { name: 'a block\'s scope', fresh: { ...PLAN, blocks: [{ ...PLAN.blocks[0]!, rollbackScope: 'host' }] }, expected: ['block 2 "Upgrade": rollback_scope: all → host'] },
  { name: 'an include that is now entered', fresh: { ...PLAN, blocks: [...PLAN.blocks, { id: '2.2', name: 'Migrate', kind: 'include', rollbackScope: 'all', hosts: ['peer1'] }] },
    expected: ['block 2.2 "Migrate": kind: (not in the plan) → include'] },
  { name: 'a step that vanished on a host', fresh: { ...PLAN, steps: [PLAN.steps[0]!, { ...PLAN.steps[1]!, entries: [PLAN.steps[1]!.entries[1]!] }] },
    expected: ['peer1: step 2.1 "Install": mark: will run → (not in the plan)'] },
  { name: 'the hosts', fresh: { ...PLAN, hosts: ['peer1'] }, expected: ['plan: hosts: peer1, peer2 → peer1'] },
];

for (const { name, fresh, expected } of cases) {
  test(`comparing plans: ${name}`, () => {
    assert.deepEqual(describeDifferences(comparePlans(PLAN, fresh)), expected);
  });
}

test('a volatile fact shown in a command or a summary is masked per host, so its moving is no difference', () => {
  const saved = { ...withEntry(1, { description: 'echo 1048576 kB free' }), summary: { ...PLAN.summary, peer1: { disk: '1048576' } } };
  const fresh = { ...withEntry(1, { description: 'echo 1047552 kB free' }), summary: { ...PLAN.summary, peer1: { disk: '1047552' } } };
  const volatile = (kb: number) => ({ peer1: { 'ipfs_cluster.disk_free_kb': kb } });
  assert.deepEqual(comparePlans(saved, fresh, { saved: volatile(1048576), fresh: volatile(1047552) }), []);
  assert.equal(comparePlans(saved, fresh).length, 2);
});

test('past the limit the differences are counted, not listed', () => {
  const fresh = { ...PLAN, summary: { peer1: { pins: '9' }, peer2: { pins: '9' } } };
  assert.deepEqual(describeDifferences(comparePlans(PLAN, fresh), 1), ['peer1: summary pins: 3 → 9', '… and 1 more difference']);
});
