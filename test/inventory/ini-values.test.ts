import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePythonLiteral } from '../../engine/inventory/python-literal.js';
import { shlexSplit, ShlexError } from '../../engine/core/index.js';

// INI values go through Python's ast.literal_eval; what it cannot read stays a string.
const LITERALS: readonly [string, unknown][] = [
  ['42', 42], ['-7', -7], ['1_000', 1000], ['0x1F', 31], ['0o17', 15], ['0b101', 5], ['1.5', 1.5], ['1e3', 1000],
  ['017', '017'], ['00', 0], ['True', true], ['None', null], ['true', 'true'], ['yes', 'yes'], ['inf', 'inf'],
  ['"42"', '42'], ["'it''s'", 'its'], ['"a\\tb"', 'a\tb'], ["r'a\\tb'", 'a\\tb'],
  ['[1, "two", None]', [1, 'two', null]], ['(1,2)', [1, 2]], ['{"a": [1, {"b": False}]}', { a: [1, { b: false }] }],
  ['{1, 2}', '{1, 2}'], ['hello world', 'hello world'], [' 42', 42], ['', ''], ['a=b=c', 'a=b=c'], ['1.2.3', '1.2.3'],
];

for (const [text, value] of LITERALS) {
  test(`INI value ${JSON.stringify(text)} reads as ${JSON.stringify(value)}`, () => assert.deepEqual(parsePythonLiteral(text), value));
}

test('host lines are split like a POSIX shell, with # starting a comment', () => {
  assert.deepEqual(shlexSplit(`web1 a="hello world" b='x y' c=d\\ e # comment`, { comments: true }), ['web1', 'a=hello world', 'b=x y', 'c=d e']);
  assert.deepEqual(shlexSplit('web1 v=a#b', { comments: true }), ['web1', 'v=a']);
  assert.deepEqual(shlexSplit(`h q="say \\"hi\\"" e=""`), ['h', 'q=say "hi"', 'e=']);
});

test('an unclosed quote on a host line is an error', () => {
  assert.throws(() => shlexSplit('web1 a="open'), ShlexError);
});

test('a literal nested past Python\'s 200 levels stays text, as literal_eval refuses it, even 50,000 deep', () => {
  const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  assert.equal(JSON.stringify(parsePythonLiteral(nested(200))), nested(200));
  assert.equal(parsePythonLiteral(nested(201)), nested(201));
  assert.equal(parsePythonLiteral(nested(50_000)), nested(50_000));
});
