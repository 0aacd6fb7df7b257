import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplate, type TemplateKind } from '../../engine/template/index.js';
import { AT } from './helpers.js';

/** [kind, text, [message part, hint part] of each problem, in order]. */
const CASES: readonly (readonly [TemplateKind, string, readonly (readonly [string, string])[]])[] = [
  ['expression', 'r is succeded', [['unknown test "succeded" in "r is succeded"', 'did you mean "succeeded"?']]],
  ['expression', 'r is not chnged', [['unknown test "chnged"', 'did you mean "changed"?']]],
  ['expression', 'v is verson("1.0", "<")', [['unknown test "verson"', 'did you mean "version"?']]],
  ['expression', 'x | to_jsn', [['unknown filter "to_jsn"', 'did you mean "to_json"?']]],
  ['expression', 'rs | select("faild") | list', [['unknown test "faild"', 'did you mean "failed"?']]],
  ['expression', 'rs | selectattr("rc", "eqq", 0) | map("uper") | list', [['unknown filter "uper"', '"upper"'], ['unknown test "eqq"', '"eq"']]],
  ['expression', '"{{ x }}"', [['takes a bare expression', 'drop the {{ }}']]],
  ['expression', 'x ==', [['syntax error', 'Jinja2 syntax']]],
  ['template', 'v{{ x | frobnicate }}', [['unknown filter "frobnicate"', 'see the filters listed in the README']]],
  ['template', '{% if r is skiped %}x{% endif %}', [['unknown test "skiped"', 'did you mean "skipped"?']]],
  ['template', '{{ x }', [['syntax error', 'Jinja2 syntax']]],
  ['template', '{% include "other.j2" %}', [['is not supported', 'Jinja2 syntax']]],
];

for (const [kind, text, expected] of CASES) {
  test(`the ${kind} ${text} is refused before it runs: ${expected.map(([m]) => m).join('; ')}`, () => {
    const found = checkTemplate(text, kind, AT);
    assert.equal(found.length, expected.length, JSON.stringify(found));
    for (const [i, [message, hint]] of expected.entries()) {
      assert.ok(found[i]!.message.includes(message), found[i]!.message);
      assert.ok(found[i]!.hint?.includes(hint), found[i]!.hint);
    }
  });
}

test('known filters and tests pass, whatever the variables: Jinja, Ansible and ours, by symbol, literal or name', () => {
  const good = ['r is succeeded and r is not failed and r is changed or r is skipped', 'x is none or x is true or x is defined',
    'v is version("0.4.0", "<") and v is semver(">=0.4") and v is version(version="1", operator="lt")',
    'rs | select("failed") | rejectattr("rc", "eq", 0) | map("upper") | map(attribute="rc") | list | length > 0',
    'x | default("a") | regex_replace("a", "b") | quote'];
  for (const expression of good) assert.deepEqual(checkTemplate(expression, 'expression', AT), [], expression);
  assert.deepEqual(checkTemplate('{% for h in groups.all %}{{ h | upper }}{% endfor %}', 'template', AT), []);
  assert.deepEqual(checkTemplate('no template here {', 'template', AT), []);
});

test('every string of a templated value is checked at its own path, keys too; data that is not text passes', () => {
  const found = checkTemplate({ a: ['ok', '{{ x | nope }}'], '{{ k | nah }}': 1, n: 5, t: true }, 'template', AT);
  assert.deepEqual(found.map((d) => [d.path, d.message.replace(/ in .*/, '')]), [
    ['/steps/0/when/a/1', 'unknown filter "nope"'], ['/steps/0/when/{{ k | nah }}', 'unknown filter "nah"']]);
  assert.deepEqual(checkTemplate(false, 'expression', AT), []);
});
