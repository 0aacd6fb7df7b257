import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Cell } from '../../rehearse/matrix.js';
import type { CellRecord, Rehearsal } from '../../rehearse/rehearsal.js';
import { differenceLine, matrixRows, renderReport } from '../../rehearse/report.js';
import type { ClusterShape } from '../../rehearse/shape.js';

function cell(step: string, fault: Cell['fault'], peer: string | null, simFault?: string): Cell {
  return { id: `${step} ${simFault ?? fault} ${peer ?? 'controller'}`, step, stepName: `step ${step}`, fault, peer, ...(simFault ? { simFault } : {}) };
}

function record(c: Cell, difference?: CellRecord['difference']): CellRecord {
  return { cell: c, verdict: difference ? 'fail' : 'pass', ...(difference ? { difference } : {}), runs: [{ command: 'exec', exitCode: 2 }], outcomes: {}, reported: difference ? ['peer1 4.3 failed: exit 1'] : [], durationMs: 1000 };
}

const LOST = { peer: 'peer1', check: 'one-version' as const, lost: 'its 0.9.0 binaries: it runs 0.10.1 while peer2 run 0.9.0' };
const CELLS = [record(cell('4.3', 'install-fails', 'peer1', 'install-fails@0.10.1'), LOST), record(cell('4.3', 'install-fails', 'peer2', 'install-fails@0.10.1')),
  record(cell('4.3', 'unreachable', 'peer1')), record(cell('4.3', 'unreachable', 'peer2')), record(cell('4.10', 'controller-killed', null))];
const REHEARSAL: Rehearsal = { id: 'r1', cells: CELLS, notRun: [cell('4.10', 'unreachable', 'peer1')], resumed: 0, durationMs: 65_000,
  baseline: { record: record(cell('-', 'none', null)), releases: { old: '0.9.0', new: '0.10.1' }, steps: [], warnings: [] } };
const SHAPE: ClusterShape = { hosts: ['peer1', 'peer2'], groups: {}, vars: {}, version: '0.9.0', consensus: 'raft', pinCount: 5, config: {}, datastore: null };

test('the matrix is step × fault in step order, per peer only where the peers differ, with the cells the budget left', () => {
  const rows = matrixRows(REHEARSAL);
  assert.deepEqual(rows.map((r) => r.step), ['4.3', '4.10']);
  assert.equal(rows[0]!.cells['install-fails'], 'peer1 FAIL, peer2 pass');
  assert.equal(rows[0]!.cells['unreachable'], 'pass');
  assert.equal(rows[0]!.cells['never-ready'], '');
  assert.deepEqual([rows[1]!.cells['controller-killed'], rows[1]!.cells['unreachable']], ['pass', '1 not run']);
});

test('a failing cell names the step, the fault, the peer and the state lost', () => {
  assert.equal(differenceLine(CELLS[0]!), 'step 4.3 "step 4.3", install-fails@0.10.1 on peer1: peer1 lost its 0.9.0 binaries: it runs 0.10.1 '
    + 'while peer2 run 0.9.0 [one-version; exec exit 2]');
});

test('text, Markdown and JSON carry the same matrix and failures', () => {
  const context = { runbook: 'upgrade-standard', extraVarNames: ['target_version'], shape: SHAPE, jobs: 1 };
  assert.match(renderReport(REHEARSAL, context, 'text'), /^4\.3 step 4\.3 +peer1 FAIL, peer2 pass/m);
  const markdown = renderReport(REHEARSAL, context, 'markdown');
  assert.match(markdown, /^\| 4\.3 step 4\.3 \| peer1 FAIL, peer2 pass \|/m);
  assert.match(markdown, /^- step 4\.3 "step 4\.3", install-fails@0\.10\.1 on peer1: peer1 lost its 0\.9\.0 binaries/m);
  assert.match(markdown, /^  - reported: peer1 4\.3 failed: exit 1$/m);
  const json = JSON.parse(renderReport(REHEARSAL, context, 'json')) as { failures: string[]; matrix: unknown[] };
  assert.deepEqual([json.failures.length, json.matrix.length], [1, 2]);
});
