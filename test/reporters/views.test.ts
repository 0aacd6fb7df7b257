import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Chalk } from 'chalk';
import type { RunEvent } from '../../engine/executor/index.js';
import { planFromEvents } from '../../engine/plan/index.js';
import { plainLine, planMarkdown, planText, recapTable } from '../../engine/reporters/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

// A fixed dry run of a two-host roll-out: its events, as the executor reports them.
const EVENTS: RunEvent[] = [
  { type: 'host-summary', host: 'p2', values: { version: '0.9.0 → 0.10.1' } },
  { type: 'host-summary', host: 'p1', values: { version: '0.9.0 → 0.10.1' } },
  { type: 'step-end', id: '1', host: 'p2', name: 'probe', module: 'command', status: 'ok', description: 'ipfs-cluster-ctl id', durationMs: 12, readOnly: true },
  { type: 'step-end', id: '1', host: 'p1', name: 'probe', module: 'command', status: 'ok', description: 'ipfs-cluster-ctl id', durationMs: 10, readOnly: true },
  { type: 'block-start', id: '2', name: 'roll', hosts: ['p1', 'p2'], kind: 'rolling', rollbackScope: 'all', batches: [['p1'], ['p2']] },
  { type: 'step-end', id: '2.1', host: 'p1', name: 'install', module: 'command', status: 'would-run', description: 'ipfs-cluster-install 0.10.1', undo: ['ipfs-cluster-install 0.9.0'], durationMs: 0 },
  { type: 'step-end', id: '2.1', host: 'p2', name: 'install', module: 'command', status: 'would-run', description: 'ipfs-cluster-install 0.10.1', undo: ['ipfs-cluster-install 0.9.0'], durationMs: 0 },
  { type: 'step-end', id: '2.2', host: 'p1', name: 'check | pipe', module: 'assert', status: 'runtime', description: 'assert out.rc == 0', reason: 'reads `out`', durationMs: 0 },
  { type: 'step-end', id: '2.2', host: 'p2', name: 'check | pipe', module: 'assert', status: 'skipped', description: '', reason: 'when: false is false', durationMs: 0 },
  { type: 'step-end', id: '2.3', host: 'p2', name: 'configure', module: 'include', status: 'skipped', description: '', reason: "when: inventory_hostname == 'p1' is false", durationMs: 0 },
  { type: 'block-start', id: '2.3', name: 'configure', hosts: ['p1'], kind: 'include', rollbackScope: 'all', when: ["inventory_hostname == 'p1'"] },
  { type: 'step-end', id: '2.3.1', host: 'p1', name: 'write the config', module: 'copy', status: 'would-run', description: 'copy 12 bytes of content → /etc/app.conf', durationMs: 0,
    diff: '--- /etc/app.conf (before)\n+++ /etc/app.conf (after)\n@@ -1,1 +1,1 @@\n-port=1\n+port=2\n' },
  { type: 'step-end', id: '2.4', host: 'p1', name: 'a step whose command is long enough to wrap', module: 'command', status: 'would-run',
    description: `ipfs-cluster-service --config /home/ops/.ipfs-cluster state import -f ${'ipfs-cluster-backup-<run.id>.json '.repeat(3)}`.trim(), durationMs: 0 },
];
const PLAN = planFromEvents(EVENTS, { runbook: { name: 'demo', file: 'runbooks/demo.yml' }, inventory: ['inventories/local.yml'], hosts: ['p1', 'p2'], vars: { target_version: '0.10.1' } });
const SNAPSHOTS = join(PROJECT_ROOT, 'test/fixtures/snapshots');

/** Compares with the committed snapshot; UPDATE_SNAPSHOTS=1 rewrites it (then review the diff). */
function matchesSnapshot(name: string, text: string): void {
  const file = join(SNAPSHOTS, name);
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, text);
  assert.equal(text, readFileSync(file, 'utf8'));
}

test('the markdown plan matches its snapshot: hosts, block structure, conditions per host, marks, undo hooks, diffs', () => {
  matchesSnapshot('plan.md', planMarkdown(PLAN));
});

test('the text plan matches its snapshot, hosts in inventory order whatever order they finished in', () => {
  matchesSnapshot('plan.txt', planText(PLAN));
});

test('no line of a text or markdown plan is wider than 120 columns', () => {
  for (const text of [planText(PLAN), planMarkdown(PLAN)]) {
    assert.deepEqual(text.split('\n').filter((line) => line.length > 120), []);
  }
});

test('a block heading comes before its steps and says how it runs, whom a failure rolls back, and its condition per host', () => {
  const text = planText(PLAN);
  assert.match(text, /^2\. roll \[rolling in 2 batch\(es\): \[p1\] \[p2\]; rollback_scope all: a host that fails rolls back every host of/m);
  assert.match(text, /^  2\.3\. configure \[include\]\n {5}when: inventory_hostname == 'p1' — true on p1; false on p2\n {4}2\.3\.1\. write/m);
  assert.ok(text.indexOf('2. roll') < text.indexOf('2.1. install'));
});

test('the plain view prints one line per event with no escape codes, and the recap', () => {
  const chalk = new Chalk({ level: 0 });
  const at = new Date('2026-11-27T09:30:05Z');
  const lines = EVENTS.map((e) => plainLine(e, chalk, at)).filter((l) => l !== undefined).join('\n');
  const recap = recapTable([{ host: 'p1', outcome: 'rolled-back', ok: 3, changed: 2, failed: 1, skipped: 0, rescued: 1, rolledBack: 2 }], chalk);
  matchesSnapshot('plain.txt', `${lines}\n${recap}\n`);
  assert.doesNotMatch(lines, /\x1b\[/);
});

test('the JSON plan follows schemas/plan.schema.json', () => {
  const validate = new Ajv2020({ strict: true }).compile(JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/plan.schema.json'), 'utf8')));
  assert.ok(validate(JSON.parse(JSON.stringify(PLAN))), JSON.stringify(validate.errors));
});
