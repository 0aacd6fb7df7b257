import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listRuns, type HostRecap } from '../../engine/executor/index.js';
import { tempDir } from '../helpers/files.js';

const at = '2026-11-30T00:00:00.000Z';
const start = { v: 1, at, type: 'run-start', runId: 'r', runbook: 'rb', mode: 'run', hosts: ['a', 'b'] };
const recap = (a: HostRecap['outcome'], b: HostRecap['outcome']): HostRecap[] => [a, b].map((outcome, i) => ({
  host: i ? 'b' : 'a', outcome, ok: 0, changed: 1, failed: 0, skipped: 0, rolledBack: 0 }));
const end = (exitCode: number, hosts: HostRecap[], extra = {}) => ({ v: 1, at, type: 'run-end', runId: 'r', recap: hosts, exitCode, ...extra });
const stepStart = { v: 1, at, type: 'step-start', id: '1', host: 'a', name: 'x' };

const CASES: [string, object[], string][] = [
  ['ok', [start, end(0, recap('ok', 'ok'))], 'ok'],
  ['suspended for approval', [start, end(0, recap('ok', 'ok'), { suspended: true })], 'awaiting approval'],
  ['approved and ended', [start, end(0, recap('ok', 'ok'), { suspended: true }), start, end(0, recap('ok', 'ok'))], 'ok'],
  ['interrupted by the user', [start, end(99, recap('ok', 'ok'))], 'interrupted'],
  ['every failing host rolled back', [start, end(2, recap('ok', 'rolled-back'))], 'rolled back'],
  ['interrupted, then rolled back by runbook rollback (exit 0)', [start, end(99, recap('ok', 'ok')), start, end(0, recap('rolled-back', 'rolled-back'))], 'rolled back'],
  ['a host failed for good', [start, end(2, recap('failed', 'rolled-back'))], 'failed'],
  ['a host unreachable', [start, end(3, recap('unreachable', 'ok'))], 'unreachable'],
  ['killed: no run-end', [start, stepStart], 'interrupted'],
  ['resumed, then killed', [start, end(2, recap('failed', 'ok')), start, stepStart], 'interrupted'],
];

test('runbook runs tells where each run stands from the last segment of its journal', () => {
  const runs = tempDir();
  CASES.forEach(([, events], i) => {
    mkdirSync(join(runs, `run-${i}`));
    writeFileSync(join(runs, `run-${i}`, 'journal.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  });
  const listed = listRuns(runs).map((r) => ('status' in r ? r.status : r.problem));
  assert.deepEqual(listed, CASES.map(([, , status]) => status));
});

test('runbook runs lists runs started in the same second in the order they began, whatever their random suffix', () => {
  const runs = tempDir();
  const journal = (id: string, startedAt: string) => {
    mkdirSync(join(runs, id));
    writeFileSync(join(runs, id, 'journal.jsonl'), `${JSON.stringify({ ...start, at: startedAt, runId: id })}\n`);
  };
  journal('20261130-050247-rb-ffff', '2026-11-30T05:02:47.100Z');
  journal('20261130-050247-rb-0000', '2026-11-30T05:02:47.900Z');
  journal('20261130-050246-rb-9999', '2026-11-30T05:02:46.999Z');
  assert.deepEqual(listRuns(runs).map((r) => r.id), ['20261130-050246-rb-9999', '20261130-050247-rb-ffff', '20261130-050247-rb-0000']);
});
