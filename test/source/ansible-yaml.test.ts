import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPlainString, parseYamlText } from '../../engine/source/index.js';

// What Ansible's PyYAML loader makes of each plain scalar (checked with python3 -c 'yaml.safe_load(...)').
const TYPING: readonly [string, unknown][] = [
  ['yes', true], ['No', false], ['on', true], ['OFF', false], ['True', true],
  ['Yes', true], ['ON', true], ['true', true], ['TRUE', true], ['Off', false], ['false', false], ['FALSE', false], ['no', false],
  ['Null', null], ['NULL', null], ['nil', 'nil'], ['-1', -1], ['+12', 12], ['0', 0], ['-0x1F', -31], ['+.5', '+.5'], ['-1.5', -1.5],
  ['.NaN', NaN], ['-.inf', -Infinity], ['+1:30', 90], ['-1_0', -10], ['2024-01-02t03:04:05', '2024-01-02T03:04:05'],
  ['y', 'y'], ['n', 'n'],
  ['017', 15], ['0_17', 15], ['09', '09'], ['0o17', '0o17'], ['0x1F', 31], ['+0x1F', 31], ['-0b11', -3],
  ['1_000', 1000], ['1:30', 90], ['190:20:30', 685230],
  ['1e3', '1e3'], ['1.5e3', '1.5e3'], ['1.5e+3', 1500], ['1.0', 1], ['1.', 1], ['.5', 0.5], ['-.5', '-.5'],
  ['1.10', 1.1], ['1:30.5', 90.5], ['1.2.3', '1.2.3'], ['.inf', Infinity],
  ['~', null], ['null', null], ['', null],
  ['2024-01-02', '2024-01-02'], ['2024-1-2', '2024-1-2'],
  ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05+00:00'],
  ['2024-01-02 03:04:05.5 -5', '2024-01-02T03:04:05.500000-05:00'],
  ['"yes"', 'yes'], ["'017'", '017'], ['!!str 123', '123'],
];

for (const [written, expected] of TYPING) {
  test(`a plain ${JSON.stringify(written)} is read as Ansible reads it: ${String(expected)}`, () => {
    const source = parseYamlText('t.yml', `value: ${written}\n`);
    assert.deepEqual(source.diagnostics, []);
    assert.deepEqual(source.value, { value: expected });
  });
}

test('a merge key brings in the keys of an anchored mapping', () => {
  const source = parseYamlText('t.yml', 'base: &b {a: 1, b: 2}\nother:\n  <<: *b\n  b: 3\n');
  assert.deepEqual(source.value, { base: { a: 1, b: 2 }, other: { a: 1, b: 3 } });
});

test('isPlainString is true exactly for the plain scalars the loader reads as text (dates aside: they become text)', () => {
  const plain = ['web1', 'nginx', 'Off', 'off2', 'yes', 'y', '~', '~x', '.5', '.x', '-x', '-1', '+x', '0x', '017', '09', 'true', 'f', 'tO',
    'null', 'nul', 'ON', 'o', '1:30', '1e3', '2024-01-02x', '.inf', '.nan', 'é', '_a', 'Z9', '1.0', '1.2.3'];
  for (const text of plain) {
    const { value } = parseYamlText('t.yml', `v: ${text}\n`) as { value: { v: unknown } };
    assert.equal(isPlainString(text), typeof value.v === 'string', text);
  }
});
