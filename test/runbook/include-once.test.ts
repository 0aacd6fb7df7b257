import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkRunbookFile, loadRunbook } from '../../engine/runbook/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const INCLUDE_TWICE = (file: string) =>
  `runbook: t\nhosts: all\nsteps:\n  - name: first\n    include: ${file}\n  - name: again\n    include: ${file}\n`;

const dir = writeFiles(tempDir(), {
  'bad.yml': INCLUDE_TWICE('tasks/bad.yml'),
  'tasks/bad.yml': '- name: a\n  whn: true\n  command: [ls]\n- name: b\n  command: [ls]\n  retries: 3\n',
  'good.yml': INCLUDE_TWICE('tasks/good.yml'),
  'tasks/good.yml': '- name: a\n  command: [ls]\n',
  'missing.yml': INCLUDE_TWICE('tasks/nope.yml'),
});

test('a tasks file included twice reports each of its problems once', () => {
  const found = checkRunbookFile(join(dir, 'bad.yml')).map((d) => `${d.line}:${d.col} ${d.code}`);
  assert.deepEqual(found, ['2:3 unknown-keyword', '6:3 step-kind']);
});

test('a tasks file included twice still gives its steps at both includes', () => {
  const [first, again] = loadRunbook(join(dir, 'good.yml')).steps;
  assert.ok(first?.kind === 'include' && again?.kind === 'include');
  assert.deepEqual([first.steps.map((s) => s.id), again.steps.map((s) => s.id)], [['1.1'], ['2.1']]);
});

test('a missing tasks file is reported at each include that names it', () => {
  const found = checkRunbookFile(join(dir, 'missing.yml')).map((d) => `${d.line}:${d.col} ${d.code}`);
  assert.deepEqual(found, ['5:14 include-not-found', '7:14 include-not-found']);
});
