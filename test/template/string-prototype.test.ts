import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const TEMPLATES = new URL('../../engine/template/index.js', import.meta.url).href;

/** Runs `code` as a module in a new Node process that may ask V8 about its objects; returns what it printed. */
function inFreshNode(code: string): string {
  const result = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

test('after the template engine is loaded, String.prototype keeps fast properties (string methods stay on their fast path)', () => {
  assert.equal(inFreshNode(`await import(${JSON.stringify(TEMPLATES)}); console.log(%HasFastProperties(String.prototype))`), 'true');
});

test('what the template engine repairs: a String.prototype made the prototype of a plain object loses its fast properties', () => {
  // the check above is worth something only if V8 still does this: nunjucks' runtime makes its SafeString this way
  assert.equal(inFreshNode('Object.create(String.prototype); console.log(%HasFastProperties(String.prototype))'), 'false');
});
