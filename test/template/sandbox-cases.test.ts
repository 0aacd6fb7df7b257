import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, renderValue } from '../../engine/template/index.js';
import { AT, engineErrorOf, scopeOf } from './helpers.js';

const scope = scopeOf({}, { d: { a: 1 }, l: [1, 2] });
const render = (source: string) => renderValue(source, scope, AT);


// security.md F1: JavaScript's methods were reachable as filter and test names
for (const source of ['{{ 1 | valueOf }}', '{{ "ctx" | __defineGetter__(joiner) }}', '{{ "__proto__" | __lookupGetter__ }}', '{{ 1 | constructor }}']) {
  test(`${source} is an unknown filter, not a JavaScript method`, () => {
    assert.match(engineErrorOf(() => render(source)).message, /^unknown filter "/);
  });
}

test('a JavaScript method is not a test either', () => {
  assert.match(engineErrorOf(() => render('{{ 1 is constructor }}')).message, /^unknown test "constructor"/);
  assert.match(engineErrorOf(() => render('{{ 1 is hasOwnProperty }}')).message, /^unknown test "hasOwnProperty"/);
});

test('constructor, prototype and __proto__ are refused as attributes and subscripts, even as own keys', () => {
  assert.match(engineErrorOf(() => render('{{ d.constructor }}')).message, /"d" has no attribute "constructor"/);
  assert.match(engineErrorOf(() => render('{{ {"prototype": 1}.prototype }}')).message, /no attribute "prototype"/);
  assert.match(engineErrorOf(() => render('{{ l["__proto__"] }}')).message, /no attribute "__proto__"/);
});

test('a "__proto__" key in a dict literal or in combine stays a key and sets no prototype', () => {
  assert.equal(render('{{ {"__proto__": {"x": 1} } | to_json }}'), '{"__proto__": {"x": 1}}');
  assert.equal(render('{{ d | combine({"__proto__": 5}) | to_json }}'), '{"a": 1, "__proto__": 5}');
  assert.match(engineErrorOf(() => render('{{ {"__proto__": {"x": 1} }.x }}')).message, /has no attribute "x"/);
});

test('a function is not a value: a method or global must be called', () => {
  assert.match(engineErrorOf(() => render('{{ "v1".startswith }}')).message, /a function is not a value/);
  assert.match(engineErrorOf(() => render('{{ [range] }}')).message, /a function is not a value/);
  assert.match(engineErrorOf(() => render('{% macro m() %}x{% endmacro %}[{{ m }}]')).message, /a function is not a value/);
  assert.match(engineErrorOf(() => render('{{ "abc" | replace("a", joiner) }}')).message, /a function is not a value/);
  assert.equal(render('{{ "v1".startswith("v") }}'), true);
});

test('templates load no other template: include, import and extends are refused', () => {
  for (const source of ['{% include "x" %}', '{% import "x" as y %}', '{% extends "x" %}']) {
    assert.match(engineErrorOf(() => render(source)).message, /is not supported: a template cannot load other templates/);
  }
});

test('the engine\'s own helpers are not variables', () => {
  assert.match(engineErrorOf(() => render('{{ __capture(1) }}')).message, /undefined variable "__capture"/);
  assert.match(engineErrorOf(() => evaluate('__bool', scope, AT)).message, /undefined variable "__bool"/);
});

test('range takes integers and is bounded, as in Jinja\'s sandbox', () => {
  assert.deepEqual(render('{{ range(1, 7, 2) }}'), [1, 3, 5]);
  assert.match(engineErrorOf(() => render('{{ range([], "x") }}')).message, /range takes one to three integers, not a list/);
  assert.match(engineErrorOf(() => render('{{ range(1000000) }}')).message, /more than the 100000 allowed/);
});

test('a cycler\'s methods work on the cycler itself', () => {
  assert.equal(render('{% set c = cycler("a", "b") %}{{ c.next() }}{{ c.next() }}{{ c.next() }}'), 'aba');
});
