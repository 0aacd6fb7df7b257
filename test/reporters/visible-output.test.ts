import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import { visibleDeep, visibleText } from '../../engine/core/index.js';
import { formatDiagnostic } from '../../engine/reporters/index.js';

test('control characters but newline and tab are shown as escapes, as Ansible shows them', () => {
  const cases: [string, string][] = [
    ['\x1b]52;c;eA==\x07', '\\x1b]52;c;eA==\\x07'],
    ['a\rb', 'a\\rb'],
    ['line\nnext\tcol', 'line\nnext\tcol'],
    ['\x00\x08\x7f\x9b', '\\0\\b\\x7f\\x9b'],
    ['abc\u202edef', 'abc\\u202edef'],
    ['plain ünïcode ✓', 'plain ünïcode ✓'],
  ];
  for (const [input, expected] of cases) assert.equal(visibleText(input), expected, JSON.stringify(input));
});

test('visibleDeep escapes strings at any depth and keeps numbers, booleans and null', () => {
  assert.deepEqual(visibleDeep({ a: ['\x1b[2J', 1, null], 'k\r': { b: true } }), { a: ['\\x1b[2J', 1, null], 'k\\r': { b: true } });
});

test('visibleDeep makes a copy (the input is left as it was), keeps key order and an own __proto__ key', () => {
  const input = JSON.parse('{"z": "a\\u001bb", "__proto__": {"x": "\\r"}, "a": ["ok", {"k\\u0007": 1}]}') as Record<string, unknown>;
  const before = JSON.stringify(input);
  const shown = visibleDeep(input);
  assert.equal(JSON.stringify(input), before);
  assert.notEqual(shown, input);
  assert.deepEqual(Object.keys(shown), ['z', '__proto__', 'a']);
  assert.equal(Object.getPrototypeOf(shown), Object.prototype);
  assert.equal(JSON.stringify(shown), '{"z":"a\\\\x1bb","__proto__":{"x":"\\\\r"},"a":["ok",{"k\\\\x07":1}]}');
  // the same text twice: the test that skips plain text keeps no state between calls
  assert.equal(visibleText('a\x1bb'), 'a\\x1bb');
  assert.equal(visibleText('a\x1bb'), 'a\\x1bb');
});

test('a diagnostic escapes control characters in its message and in the source line it quotes', () => {
  const text = formatDiagnostic({ file: 'rb.yml', line: 1, col: 1, code: 'bad-value', severity: 'error', path: '', message: 'bad \x1b[2J' },
    { chalk: new Chalk({ level: 0 }), sourceLine: () => 'key: "\x1b]52;c;x\x07"' });
  assert.doesNotMatch(text, /\x1b|\x07/);
  assert.match(text, /bad \\x1b\[2J/);
  assert.match(text, /key: "\\x1b\]52;c;x\\x07"/);
});
