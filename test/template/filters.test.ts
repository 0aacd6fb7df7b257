import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from '../../engine/template/index.js';
import { AT, scopeOf } from './helpers.js';

const scope = scopeOf({}, {
  hosts: [{ name: 'a', port: 1 }, { name: 'b', port: 2 }],
  words: ['b', 'A', 'c', 'b'],
  path: '/var/lib/ipfs-cluster/service.json',
  json: '{"peers": 3}',
});

const FILTERS: [string, unknown][] = [
  ['missing | default("x")', 'x'],
  ['missing | d(5)', 5],
  ['"" | default("x", true)', 'x'],
  ['"" | default("x")', ''],
  ['"yes" | bool', true], ['"On" | bool', true], ['"1" | bool', true], ['"TRUE" | bool', true],
  ['"no" | bool', false], ['"maybe" | bool', false], ['1 | bool', true],
  ['"42" | int', 42], ['"4.7" | int', 4], ['"x" | int', 0], ['"x" | int(7)', 7], ['"ff" | int(base=16)', 255],
  ['{"a": [1, "x"]} | to_json', '{"a": [1, "x"]}'], ['{"a": 1} | ansible.builtin.to_json', '{"a": 1}'],
  // as Ansible's: json.dumps escapes what is past ASCII
  ['{"é": "ü"} | to_json', '{"\\u00e9": "\\u00fc"}'], ['{"é": [1]} | to_nice_json', '{\n    "\\u00e9": [\n        1\n    ]\n}'],
  ['json | from_json', { peers: 3 }],
  ['"ipfs-cluster-service v1.1.2" | regex_search("v[0-9.]+")', 'v1.1.2'],
  ['"version 1.1.2" | regex_search("(\\\\d+)\\\\.(\\\\d+)", "\\\\2")', ['1']],
  ['"abc" | regex_search("z")', null],
  ['"a-b-c" | regex_replace("-", "_")', 'a_b_c'],
  ['"v1.2.3" | regex_replace("^v(\\\\d+)", "major \\\\1")', 'major 1.2.3'],
  ['"cost: 5" | regex_replace("(?P<n>\\\\d+)", "$\\\\g<n>")', 'cost: $5'],
  ['path | basename', 'service.json'],
  ['path | dirname', '/var/lib/ipfs-cluster'],
  ['"/a/b/" | basename', ''],
  ['words | join(",")', 'b,A,c,b'],
  ['hosts | map(attribute="name") | list', ['a', 'b']],
  ['words | map("upper") | list', ['B', 'A', 'C', 'B']],
  ['hosts | map(attribute="zone", default="z1") | list', ['z1', 'z1']],
  ['[1, 0, 2] | select | list', [1, 2]],
  ['[1, 2, 3, 4] | select("odd") | list', [1, 3]],
  ['[1, 2, 3, 4] | reject("odd") | list', [2, 4]],
  ['["0.3.0", "1.0.0"] | select("version", "0.4.0", ">=") | list', ['1.0.0']],
  ['hosts | selectattr("port", "gt", 1) | map(attribute="name") | list', ['b']],
  ['"  x  " | trim', 'x'],
  ['"Ab" | lower', 'ab'],
  ['"Ab" | upper', 'AB'],
  ['words | length', 4], ['"abc" | length', 3], ['{"a": 1} | length', 1],
  ['words | first', 'b'], ['words | last', 'b'],
  ['words | unique | list', ['b', 'A', 'c']],
  ['words | sort | list', ['A', 'b', 'b', 'c']],
  ['[3, 1, 2] | sort(reverse=true) | list', [3, 2, 1]],
  ['hosts | sort(attribute="port", reverse=true) | map(attribute="name") | list', ['b', 'a']],
  ['true | ternary("on", "off")', 'on'],
  ['{"a": 1} | combine({"b": 2})', { a: 1, b: 2 }],
];

for (const [expression, expected] of FILTERS) {
  test(`the filter expression ${expression} gives ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(evaluate(expression, scope, AT), expected);
  });
}

const QUOTING: [string, string][] = [
  ['0.4.0', '0.4.0'],
  ['/var/lib/x-y_z@host:9094,a=b+c%', '/var/lib/x-y_z@host:9094,a=b+c%'],
  ['', "''"],
  ['two words', "'two words'"],
  ['$(touch /tmp/pwned)', "'$(touch /tmp/pwned)'"],
  ['`id`', "'`id`'"],
  ['; rm -rf /', "'; rm -rf /'"],
  ["it's", `'it'"'"'s'`],
  ['"double"', `'"double"'`],
  ['line1\nline2', "'line1\nline2'"],
  ['*.json', "'*.json'"],
];

for (const [input, quoted] of QUOTING) {
  test(`quote turns ${JSON.stringify(input)} into ${JSON.stringify(quoted)}`, () => {
    assert.equal(evaluate('value | quote', scopeOf({}, { value: input }), AT), quoted);
  });
}

test('quote of a number gives its digits', () => {
  assert.equal(evaluate('9094 | quote', scopeOf(), AT), '9094');
});

test('from_json on text that is not JSON names the filter', () => {
  assert.throws(() => evaluate('"{nope" | from_json', scope, AT), /from_json:/);
});
