import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostState } from '../../engine/executor/host-state.js';

test('a host ends once: from ok it may fail, be rolled back, stop; an ended host cannot start running again', () => {
  const host = new HostState('h1', {});
  host.settle('failed', 'boom');
  host.settle('rolled-back');
  assert.equal(host.outcome, 'rolled-back');
  assert.equal(host.reason, 'boom');
  assert.throws(() => host.settle('ok'), /host h1 cannot go from rolled-back to ok/);
});

test('an unreachable host can be neither rolled back nor started again', () => {
  const host = new HostState('h1', {});
  host.lostConnection('connection refused');
  assert.deepEqual([host.outcome, host.reason, host.isActive], ['unreachable', 'connection refused', false]);
  for (const next of ['ok', 'rolled-back', 'failed'] as const) assert.throws(() => host.settle(next), /cannot go from unreachable/);
});

test('while its undo hooks run, a failed host runs steps, and a lost connection is the undo\'s failure, not a new outcome', () => {
  const host = new HostState('h1', {});
  host.settle('failed', 'the step failed');
  assert.equal(host.isActive, false);
  host.beginUndo();
  assert.equal(host.isActive, true);
  host.lostConnection('connection reset');
  assert.equal(host.isActive, false, 'nothing more runs in this undo');
  assert.equal(host.endUndo(), 'connection reset');
  assert.deepEqual([host.outcome, host.reason, host.isActive], ['failed', 'the step failed', false]);
});
