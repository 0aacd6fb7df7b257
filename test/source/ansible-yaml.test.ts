import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYamlText } from '../../engine/source/index.js';

// What Ansible's PyYAML loader makes of each plain scalar (checked with python3 -c 'yaml.safe_load(...)').
const TYPING: readonly [string, unknown][] = [
  ['yes', true], ['No', false], ['on', true], ['OFF', false], ['True', true],
  ['y', 'y'], ['n', 'n'],
  ['017', 15], ['0o17', '0o17'], ['0x1F', 31], ['0b11', 3], ['1_000', 1000], ['1:30', 90],
  ['1e3', '1e3'], ['1.5e3', '1.5e3'], ['1.5e+3', 1500], ['1.0', 1], ['-2.5', -2.5],
  ['~', null], ['null', null], ['', null],
  ['2024-01-02', '2024-01-02'], ['"yes"', 'yes'], ["'017'", '017'],
];

for (const [written, expected] of TYPING) {
  test(`a plain ${JSON.stringify(written)} is read as Ansible reads it: ${JSON.stringify(expected)}`, () => {
    const source = parseYamlText('t.yml', `value: ${written}\n`);
    assert.deepEqual(source.diagnostics, []);
    assert.deepEqual(source.doc.toJS(), { value: expected });
  });
}
