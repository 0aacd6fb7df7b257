import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplate, evaluate } from '../../engine/template/index.js';
import { AT, scopeOf } from './helpers.js';

const scope = scopeOf({}, { v: '0.10', tagged: 'v1.1.2', rc: '1.0.0-rc1', d: { a: 1 }, l: [1], s: 'abc', n: null });

const TESTS: [string, boolean][] = [
  ['v is version("0.4.0", ">")', true],
  ['v is version("0.4.0", "<")', false],
  ['v is version("0.10.0", "==")', true],
  ['v is version("0.10")', true],
  ['"0.3.2" is version("0.4.0", "lt")', true],
  ['"0.4.0" is version("0.4.0", "le")', true],
  ['"0.4.0" is version("0.4.0", "ge")', true],
  ['"0.4.1" is version("0.4.0", "gt")', true],
  ['"0.4.1" is version("0.4.0", "!=")', true],
  ['"0.4.1" is version("0.4.0", "ne")', true],
  ['"0.4.0" is version("0.4.0", "eq")', true],
  ['tagged is version("1.1.0", ">=")', true],
  ['rc is version("1.0.0", "<")', true],
  ['v is not version("0.4.0", "<")', true],
  ['v is version("0.4.0", operator=">")', true],
  ['v is semver(">=0.4 <0.11")', true],
  ['"0.11.0" is semver(">=0.4 <0.11")', false],
  ['rc is semver(">=1.0.0-rc0")', true],
  ['missing is defined', false],
  ['missing is undefined', true],
  ['missing is not defined', true],
  ['d.nope is defined', false],
  ['d.nope.deeper is defined', false],
  ['n is none', true],
  ['s is string', true],
  ['1.5 is number', true],
  ['d is mapping', true],
  ['l is sequence', true],
  ['d is sequence', false],
  ['"x" is truthy', true],
  ['"" is falsy', true],
  ['s is match("ab")', true],
  ['s is match("bc")', false],
  ['s is search("bc")', true],
  ['s is regex("^a.c$")', true],
  ['s is search("B", ignorecase=true)', true],
];

for (const [expression, expected] of TESTS) {
  test(`the test ${expression} is ${expected}`, () => {
    assert.equal(evaluate(expression, scope, AT), expected);
  });
}

// Jinja2 lets a test take one argument without parentheses; each value here is what Jinja2 3.1 gives
const BARE_ARGUMENT_TESTS: [string, boolean][] = [
  ['3 is gt 1', true], ['3 is not gt 5', true], ['s is eq "abc"', true], ['s is in ["abc", "d"]', true],
  ['3 is gt 1 and 2 is lt 1', false], ['("x" if 3 is gt 1 else "y") == "x"', true], ['3 is ge (1 + 1)', true],
  ['l is contains 1', true], ['v is version "0.4.0"', false], ['v is not version "0.4.0"', true], ['missing is defined or 3 is odd', true],
  // Ansible's full names of its tests: the same tests (they were read as `is undefined`, and so false)
  ['v is ansible.builtin.version("0.4.0", ">")', true], ['v is not ansible.legacy.version("0.4.0", ">")', false],
  ['v is ansible.builtin.version "0.10"', true],
];

for (const [expression, expected] of BARE_ARGUMENT_TESTS) {
  test(`the test ${expression}, its argument without parentheses, is ${expected}`, () => {
    assert.equal(evaluate(expression, scope, AT), expected);
  });
}

test('an unknown version operator is an error listing the operators', () => {
  assert.throws(() => evaluate('v is version("1.0", "~")', scope, AT), /unknown operator "~"/);
});

test('a value that is not a version is an error naming it', () => {
  assert.throws(() => evaluate('"latest" is version("1.0", "<")', scope, AT), /"latest" is not a version/);
});

// Ansible's result tests, as `register:` keeps a result: what ansible-core 2.14's plugins/test/core.py returns.
const results = scopeOf({}, {
  ok: { rc: 0, changed: false, failed: false, skipped: false },
  bad: { rc: 1, changed: true, failed: true, skipped: false },
  skip: { skipped: true, changed: false, failed: false },
  loop: { results: [{ changed: false }, { changed: true }] },
  bare: {}, down: { unreachable: true }, job: { started: 1, finished: 0 }, l: [1, 2],
});

const RESULT_TESTS: [string, boolean][] = [
  ['ok is succeeded', true], ['ok is success', true], ['ok is successful', true], ['bad is succeeded', false],
  ['bad is failed', true], ['bad is failure', true], ['ok is failed', false], ['bare is failed', false],
  ['bad is changed', true], ['bad is change', true], ['ok is changed', false], ['loop is changed', true], ['bare is changed', false],
  ['skip is skipped', true], ['skip is skip', true], ['ok is skipped', false],
  ['down is unreachable', true], ['down is reachable', false], ['ok is reachable', true],
  ['job is started', true], ['job is finished', false], ['ok is finished', true],
  ['[ok, bad, skip] | select("failed") | list == [bad]', true], ['[ok, bad, skip] | reject("skipped") | select("succeeded") | list == [ok]', true],
  ['[1, 0] is any', true], ['[1, 0] is all', false], ['[1] is subset(l)', true], ['l is superset([2])', true], ['l is subset([1])', false],
];

for (const [expression, expected] of RESULT_TESTS) {
  test(`the result test ${expression} is ${expected}`, () => {
    assert.equal(evaluate(expression, results, AT), expected);
  });
}

test('a result test of a value that is not a task result is an error, as in Ansible', () => {
  assert.throws(() => evaluate('l is failed', results, AT), /the "failed" test expects a task result \(a mapping, as register: keeps it\), not a list/);
});

test('a test of another collection is an unknown test, found before anything runs, never a false condition', () => {
  assert.throws(() => evaluate('v is community.general.newer', scope, AT), /unknown test "community\.general\.newer"/);
  assert.match(checkTemplate('v is community.general.newer', 'expression', AT).map((d) => d.message).join(), /unknown test "community\.general\.newer"/);
});
