import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../engine/core/index.js';
import { loadInventory } from '../../engine/inventory/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const ERRORS = join(PROJECT_ROOT, 'test/fixtures/inventory/errors');

// Ansible only warns about most of these and goes on with an empty inventory; we stop, pointing at the line.
const EXPECTED: Record<string, readonly [line: number, col: number, message: RegExp]> = {
  'cycle': [8, 9, /group "b" would be its own ancestor: b → c → a → b/],
  'ini-cycle': [9, 1, /group "a" would be its own ancestor: a → b → a/],
  'range-reversed': [4, 5, /\[5:1\] is empty: the start must not come after the end/],
  'range-mixed': [4, 5, /\[a:5\] mixes letters and numbers/],
  'host-key-list': [4, 5, /"web1,web2" is not a valid name here/],
  'host-key-int': [4, 5, /host "123" is read by YAML as a number/],
  'hosts-is-list': [6, 9, /hosts must be a string or a mapping, not a list/],
  'ini-malformed': [3, 19, /expected key=value host variable, got "stray_token"/],
  'ini-vars-undefined-group': [5, 1, /\[nosuchgroup:vars\] is for a group that is never declared/],
  'yaml-syntax': [6, 4, /Flow sequence in block collection must be sufficiently indented/],
};

test('every error fixture has an expectation', () => {
  assert.deepEqual(readdirSync(ERRORS).sort(), Object.keys(EXPECTED).sort());
});

for (const [name, [line, col, message]] of Object.entries(EXPECTED)) {
  test(`${name}: refused at ${line}:${col} with a clear message`, () => {
    const file = join(ERRORS, name, readdirSync(join(ERRORS, name)).find((f) => f.startsWith('inventory'))!);
    assert.throws(() => loadInventory([file]), (error: unknown) => {
      assert.ok(error instanceof EngineError && error.kind === 'invalid-input');
      const [first] = error.diagnostics;
      assert.deepEqual([first?.file, first?.line, first?.col], [file, line, col]);
      assert.match(first?.message ?? '', message);
      return true;
    });
  });
}
