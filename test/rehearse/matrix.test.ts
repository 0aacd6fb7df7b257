import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planCells, unknownFilterTerms, type PlanStepLike } from '../../rehearse/matrix.js';

const HOSTS = ['peer1', 'peer2'];

function step(id: string, description: string, options: { readOnly?: boolean; mark?: string } = {}): PlanStepLike {
  return { id, name: `step ${id}`, entries: HOSTS.map((host) => ({ host, mark: options.mark ?? 'will run', readOnly: options.readOnly === true, description })) };
}

// the shape of upgrade-standard's plan 0.9.0 → 0.10.1, shortened
const PLAN = [
  step('1.1', 'ipfs-cluster-service --version', { readOnly: true }),
  step('4.1', 'ipfs-cluster-sim-stop'),
  step('4.3', "ipfs-cluster-install '0.10.1'"),
  step('4.4', 'migrate', { mark: 'skipped' }),
  step('4.5', 'ipfs-cluster-sim-start daemon --upgrade'),
];

test('each step that changes something gets, per peer, the faults its command can meet, scoped to the release it runs', () => {
  const cells = planCells(PLAN, '0.9.0', { peers: ['peer2'] });
  assert.deepEqual(cells.map((c) => c.id), [
    '4.1 unreachable peer2', '4.1 controller-killed controller',
    '4.3 install-fails@0.10.1 peer2', '4.3 unreachable peer2', '4.3 controller-killed controller',
    '4.5 never-ready@0.10.1 peer2', '4.5 crash-at-start@0.10.1 peer2', '4.5 disk-full@0.10.1 peer2', '4.5 unreachable peer2',
    '4.5 controller-killed controller',
  ]);
});

test('read-only and skipped steps have no cells', () => {
  const steps = new Set(planCells(PLAN, '0.9.0').map((c) => c.step));
  assert.deepEqual([...steps], ['4.1', '4.3', '4.5']);
});

test('a start before any install is faulted at the current release, and a fault met earlier is not repeated later', () => {
  const cells = planCells([step('2', 'ipfs-cluster-sim-start daemon'), step('3', 'ipfs-cluster-sim-start daemon')], '0.9.0', { faults: ['never-ready'] });
  assert.deepEqual(cells.map((c) => c.id), ['2 never-ready@0.9.0 peer1', '2 never-ready@0.9.0 peer2']);
});

test('--steps keeps a step and the steps inside it; --faults keeps the kinds named', () => {
  const plan = [step('4.2.1', 'ipfs-cluster-service state export'), step('4.3', "ipfs-cluster-install '0.10.1'")];
  assert.deepEqual(planCells(plan, '0.9.0', { steps: ['4.2'], faults: ['controller-killed'] }).map((c) => c.id), ['4.2.1 controller-killed controller']);
});

test('filter terms that match no cell are named, with what would match', () => {
  const all = planCells(PLAN, '0.9.0');
  assert.deepEqual(unknownFilterTerms(all, { faults: ['never-redy'], steps: ['4.4', '4.5'] }), [
    'fault "never-redy" (known: install-fails, never-ready, crash-at-start, disk-full, unreachable, controller-killed)',
    'step "4.4" (steps that change something: 4.1, 4.3, 4.5)',
  ]);
});
