import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerState } from '../../rehearse/observe.js';
import { judge, type RunEnd } from '../../rehearse/verdict.js';

const RELEASES = { old: '0.9.0', new: '0.10.1' };
const PINS = ['QmPin1', 'QmPin2'];
const OLD_FILES = { 'bin/ipfs-cluster-service': 'old', '.ipfs-cluster/service.json': 'config', '.ipfs-cluster/raft/state': 's1' };

function peer(host: string, changes: Partial<PeerState> = {}): PeerState {
  return { host, version: '0.9.0', isReady: true, pins: PINS, status: { PINNED: 6 }, files: OLD_FILES, ...changes };
}

const BEFORE = ['peer1', 'peer2', 'peer3'].map((h) => peer(h));
const FAILED: RunEnd[] = [{ command: 'exec', exitCode: 2 }];
const UPGRADED = { version: '0.10.1', files: { ...OLD_FILES, 'bin/ipfs-cluster-service': 'new' } };

test('a rolled-back run that left every peer as it was passes, the re-imported state and the backup allowed', () => {
  const after = BEFORE.map((p) => ({ ...p, files: { ...OLD_FILES, '.ipfs-cluster/raft/state': 's2', 'ipfs-cluster-backup-r1.json': 'b' } }));
  assert.equal(judge({ before: BEFORE, after, runs: FAILED }, RELEASES), undefined);
});

test('an upgrade that exited 0 passes with every peer on the new release and its binaries changed', () => {
  const after = BEFORE.map((p) => ({ ...p, ...UPGRADED }));
  assert.equal(judge({ before: BEFORE, after, runs: [{ command: 'exec', exitCode: 0 }] }, RELEASES), undefined);
});

test('after a failed run, a peer left on the new release is named, with the old binaries it lost', () => {
  const after = [peer('peer1'), peer('peer2', UPGRADED), peer('peer3', UPGRADED)];
  assert.deepEqual(judge({ before: BEFORE, after, runs: FAILED }, RELEASES),
    { peer: 'peer2', check: 'one-version', lost: 'its 0.9.0 binaries: it runs 0.10.1 while peer1 run 0.9.0 (exec exited 2)' });
});

test('a failed run that leaves every peer on the new release did not undo what it did', () => {
  const after = BEFORE.map((p) => ({ ...p, ...UPGRADED }));
  assert.deepEqual(judge({ before: BEFORE, after, runs: FAILED }, RELEASES),
    { peer: 'peer1', check: 'reported', lost: 'its 0.9.0 binaries: it runs 0.10.1 (exec exited 2)' });
});

test('a run that exited 0 yet left a peer on the old release is named', () => {
  const after = [peer('peer1', UPGRADED), peer('peer2'), peer('peer3', UPGRADED)];
  assert.deepEqual(judge({ before: BEFORE, after, runs: [{ command: 'exec', exitCode: 0 }] }, RELEASES),
    { peer: 'peer2', check: 'one-version', lost: 'its 0.10.1 binaries: it runs 0.9.0 while peer1, peer3 run 0.10.1 (exec exited 0)' });
});

test('after a rollback that exited 0 the old release is expected', () => {
  const runs: RunEnd[] = [{ command: 'exec', exitCode: 3 }, { command: 'rollback', exitCode: 0 }];
  assert.equal(judge({ before: BEFORE, after: BEFORE, runs }, RELEASES), undefined);
});

test('a peer that is not READY comes first', () => {
  const after = [peer('peer1'), peer('peer2', { isReady: false, pins: [] }), peer('peer3')];
  assert.deepEqual(judge({ before: BEFORE, after, runs: FAILED }, RELEASES)?.check, 'ready');
  assert.equal(judge({ before: BEFORE, after, runs: FAILED }, RELEASES)?.peer, 'peer2');
});

test('lost pins, then changed pin statuses, are named per peer', () => {
  const lost = [peer('peer1'), peer('peer2'), peer('peer3', { pins: ['QmPin1'] })];
  assert.deepEqual(judge({ before: BEFORE, after: lost, runs: FAILED }, RELEASES), { peer: 'peer3', check: 'pins', lost: '1 of its 2 pins (e.g. QmPin2)' });
  const errored = [peer('peer1', { status: { PINNED: 4, PIN_ERROR: 2 } }), peer('peer2'), peer('peer3')];
  assert.deepEqual(judge({ before: BEFORE, after: errored, runs: FAILED }, RELEASES),
    { peer: 'peer1', check: 'status', lost: 'pin statuses 6 PINNED (now 4 PINNED, 2 PIN_ERROR)' });
});

test('a file no rolled-back upgrade may change is collateral damage', () => {
  const after = [peer('peer1'), peer('peer2', { files: { ...OLD_FILES, '.ipfs-cluster/service.json': 'edited' } }), peer('peer3')];
  assert.deepEqual(judge({ before: BEFORE, after, runs: FAILED }, RELEASES),
    { peer: 'peer2', check: 'files', lost: 'modified .ipfs-cluster/service.json (a change no rolled-back upgrade may leave)' });
});
