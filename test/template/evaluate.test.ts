import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, isTrue } from '../../engine/template/index.js';
import { AT, scopeOf } from './helpers.js';

const scope = scopeOf(
  { port: 9094, name: 'cluster', peers: ['a', 'b'], conf: { leave_on_shutdown: false } },
  { probe: { rc: 0, stdout: 'ok\n', stdout_lines: ['ok'] }, empty: [], nothing: null },
);

const EXPRESSIONS: [string, unknown][] = [
  ['port + 1', 9095],
  ['probe.rc == 0', true],
  ['probe.rc != 0', false],
  ['not conf.leave_on_shutdown', true],
  ['probe.rc == 0 and port > 9000', true],
  ['empty or "fallback"', 'fallback'],
  ['name and peers', ['a', 'b']],
  ['"b" in peers', true],
  ['"z" not in peers', true],
  ['"clu" in name', true],
  ['True and not False', true],
  ['None is none', true],
  ['true if port > 1 else false', true],
  ['"x" if empty else "y"', 'y'],
  ['name ~ "-" ~ port', 'cluster-9094'],
  ['"v" ~ True', 'vTrue'],
  ['[1, 2] == [1, 2]', true],
  ['{"a": [1]} == {"a": [1]}', true],
  ['"1" == 1', false],
  ['1 < 2 < 3', true],
  ['3 > 2 > 2', false],
  ['peers + ["c"]', ['a', 'b', 'c']],
  ['{"k": port}', { k: 9094 }],
  ['peers[-1]', 'b'],
  ['probe["stdout_lines"][0]', 'ok'],
  ['name.startswith("clu")', true],
  ['probe.stdout.strip()', 'ok'],
  ['conf.get("missing", 5)', 5],
  ['7 // 2', 3],
  ['2 ** 3', 8],
  ['nothing', null],
];

for (const [expression, expected] of EXPRESSIONS) {
  test(`the expression ${expression} evaluates to ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(evaluate(expression, scope, AT), expected);
  });
}

test('a boolean written in YAML (when: false) is its own value', () => {
  assert.equal(evaluate(false, scope, AT), false);
});

const TRUTH: [unknown, boolean][] = [
  [true, true], [false, false], [null, false], [0, false], [1, true], ['', false],
  ['no', true], ['false', true], [[], false], [[0], true], [{}, false], [{ a: 1 }, true],
];

for (const [value, expected] of TRUTH) {
  test(`isTrue(${JSON.stringify(value)}) is ${expected}, as Python's truthiness`, () => {
    assert.equal(isTrue(value), expected);
  });
}

test('an expression written inside {{ }} is refused with a hint that it is already Jinja2', () => {
  assert.throws(() => evaluate('{{ probe.rc == 0 }}', scope, AT), /already Jinja2/);
});

test('comparing a number with a string is an error, not JavaScript coercion', () => {
  assert.throws(() => evaluate('port < "10"', scope, AT), /cannot compare a int with a string/);
});

test('a prototype property is not reachable from a template', () => {
  assert.throws(() => evaluate('name.constructor', scope, AT), /has no attribute "constructor"/);
});
