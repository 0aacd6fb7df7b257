import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSavedPlan, savedPlanOptions, serializeSavedPlan, type SavedPlanOptions } from '../../engine/plan/index.js';

const CONTENT = {
  runbook: 'upgrade-standard',
  options: savedPlanOptions({ inventory: ['sim.yml'], extraVars: ['target_version=0.10.1'], rollback: true, limit: undefined } as SavedPlanOptions),
  digests: { files: { 'runbooks/upgrade-standard.yml': 'a'.repeat(64) }, inventory: 'b'.repeat(64) },
  volatile: { peer1: { 'ipfs_cluster.disk_free_kb': 1048576 } },
  facts: { peer1: { 'ipfs_cluster.pin_count': 5 } },
  plan: { version: 1 as const, runbook: { name: 'u', file: 'runbooks/u.yml' }, inventory: ['sim.yml'], hosts: ['peer1'], vars: {}, summary: {}, blocks: [],
    steps: [{ id: '1', name: 'x', module: 'command', entries: [{ host: 'peer1', mark: 'will run' as const, readOnly: false, description: 'true', undo: [] }] }],
    unreachable: {} },
};
const TEXT = serializeSavedPlan(CONTENT);

test('a saved plan reads back as it was written, options not given left out', () => {
  const saved = parseSavedPlan(TEXT, 'p.json');
  assert.deepEqual(saved.options, { inventory: ['sim.yml'], extraVars: ['target_version=0.10.1'], rollback: true });
  assert.deepEqual(saved.plan, CONTENT.plan);
  assert.match(saved.digest, /^sha256:[0-9a-f]{64}$/);
});

const edits: { name: string; edit: (text: string) => string; message: RegExp }[] = [
  { name: 'an option', edit: (t) => t.replace('"rollback": true', '"rollback": false'), message: /was changed after `runbook plan` wrote it/ },
  { name: 'one byte of a command', edit: (t) => t.replace('"description": "true"', '"description": "trux"'), message: /was changed after/ },
  { name: 'white space only', edit: (t) => t.replace('{\n', '{ \n'), message: /was changed after/ },
  { name: 'the digest itself', edit: (t) => t.replace(/sha256:[0-9a-f]/, 'sha256:g'), message: /was changed after/ },
  { name: 'a cut-off file', edit: (t) => t.slice(0, -5), message: /is not JSON/ },
  { name: 'another kind of JSON', edit: () => '{"plan": {}}\n', message: /is not a saved plan: it has no "format"/ },
];

for (const { name, edit, message } of edits) {
  test(`a saved plan edited by hand is refused (exit 4): ${name}`, () => {
    assert.throws(() => parseSavedPlan(edit(TEXT), 'p.json'), (error: Error & { kind?: string }) => {
      assert.equal(error.kind, 'invalid-input');
      assert.match(error.message, message);
      return true;
    });
  });
}

test('a sealed file that breaks the schema is refused, naming the field', () => {
  const text = serializeSavedPlan({ ...CONTENT, options: { ...CONTENT.options, acceptNewHostKeys: 'yes' } as unknown as SavedPlanOptions });
  assert.throws(() => parseSavedPlan(text, 'p.json'), /is not a saved plan \(schemas\/saved-plan\.schema\.json\): \/options\/acceptNewHostKeys: must be boolean/);
});
