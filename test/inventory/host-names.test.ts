import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../engine/core/index.js';
import { loadInventory } from '../../engine/inventory/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

/** The first diagnostic loadInventory throws for these sources. */
function firstProblem(specs: readonly string[]): { line: number; col: number; message: string } {
  try {
    loadInventory(specs);
  } catch (error) {
    assert.ok(error instanceof EngineError && error.kind === 'invalid-input', String(error));
    const [first] = error.diagnostics;
    assert.ok(first);
    return { line: first.line, col: first.col, message: first.message };
  }
  return assert.fail('the inventory was accepted');
}

test('a YAML inventory refuses a host name that is a path', () => {
  const dir = writeFiles(tempDir(), { 'inv.yml': 'all:\n  hosts:\n    ../../x:\n' });
  assert.match(firstProblem([join(dir, 'inv.yml')]).message, /"\.\.\/\.\.\/x" is not a valid name here/);
});

test('an INI inventory refuses a host name that is a path, at its line', () => {
  const dir = writeFiles(tempDir(), { 'inv.ini': '[web]\nok1\n  ../../../tmp/ESCAPED ansible_connection=local\n' });
  assert.deepEqual(firstProblem([join(dir, 'inv.ini')]), { line: 3, col: 3, message: '"../../../tmp/ESCAPED" is not a valid host name' });
});

test('an INI inventory refuses shell syntax in a host name', () => {
  const dir = writeFiles(tempDir(), { 'inv.ini': '"$(touch x)" a=1\n' });
  assert.match(firstProblem([join(dir, 'inv.ini')]).message, /"\$\(touch x\)" is not a valid host name/);
});

test('a comma list refuses a host name that is a path, pointing at its column', () => {
  assert.deepEqual(firstProblem(['ok, ../../x,']), { line: 1, col: 5, message: '"../../x" is not a valid host name' });
});

test('INI and comma lists still accept IPv6 addresses with a port, and names with dots and dashes', () => {
  const dir = writeFiles(tempDir(), { 'inv.ini': '[fe80::1]:2222\nweb-1.example.com\n' });
  assert.deepEqual([...loadInventory([join(dir, 'inv.ini'), '10.0.0.1:22,db_2,']).hosts.keys()],
    ['fe80::1', 'web-1.example.com', '10.0.0.1', 'db_2']);
});
