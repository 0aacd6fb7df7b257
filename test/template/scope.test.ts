import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScope, renderText, renderValue } from '../../engine/template/index.js';
import { AT, scopeOf } from './helpers.js';

test('a templated var is rendered when it is used, with values from any layer', () => {
  const scope = scopeOf({ backup_file: 'pinset-{{ run.id }}.json' }, { run: { id: 'r-42' } });
  assert.equal(renderValue('--file {{ backup_file }}', scope, AT), '--file pinset-r-42.json');
});

test('a templated var is rendered through other templated vars', () => {
  const scope = scopeOf({ home: '/home/{{ user }}', path: '{{ home }}/.ipfs-cluster', user: 'ops' });
  assert.equal(renderValue('{{ path }}', scope, AT), '/home/ops/.ipfs-cluster');
});

test('nested lists and dicts of a templated var are rendered deeply', () => {
  const scope = scopeOf({ v: '1.1', opts: { args: ['--version={{ v }}'], env: { V: '{{ v }}' } } });
  assert.deepEqual(renderValue('{{ opts }}', scope, AT), { args: ['--version=1.1'], env: { V: '1.1' } });
});

test('a templated var that is never used is never rendered, even if it could not be', () => {
  const scope = scopeOf({ broken: '{{ nowhere }}', fine: 'ok' });
  assert.equal(renderValue('{{ fine }}', scope, AT), 'ok');
});

test('data is never rendered again: a registered stdout holding {{ 7*7 }} comes back literally', () => {
  const scope = scopeOf({}, { result: { stdout: '{{ 7*7 }}', rc: 0 } });
  assert.equal(renderValue('out: {{ result.stdout }}', scope, AT), 'out: {{ 7*7 }}');
  assert.equal(renderValue('{{ result.stdout }}', scope, AT), '{{ 7*7 }}');
});

test('a higher layer replaces a whole top-level name from a lower one', () => {
  const scope = createScope([
    { kind: 'templated', vars: { conf: { a: 1, b: 2 } } },
    { kind: 'templated', vars: { conf: { a: 9 } } },
  ]);
  assert.deepEqual(renderValue('{{ conf }}', scope, AT), { a: 9 });
});

test('a data layer above a templated one wins and is not rendered', () => {
  const scope = createScope([
    { kind: 'templated', vars: { x: '{{ 1 + 1 }}' } },
    { kind: 'data', vars: { x: '{{ 2 + 2 }}' } },
  ]);
  assert.equal(renderValue('{{ x }}', scope, AT), '{{ 2 + 2 }}');
});

test('a string that is exactly one expression keeps its native type', () => {
  const scope = scopeOf({ peers: ['a', 'b'], port: 9094 });
  assert.deepEqual(renderValue({ list: '{{ peers }}', n: '{{ port }}', s: 'p{{ port }}' }, scope, AT),
    { list: ['a', 'b'], n: 9094, s: 'p9094' });
});

test('module arguments are rendered deeply and values that are not strings pass through', () => {
  const scope = scopeOf({ v: '1.1' });
  assert.deepEqual(renderValue(['install', '{{ v }}', 3, true, null], scope, AT), ['install', '1.1', 3, true, null]);
});

// each expected text is what Python's % (str) gives for the same values, as Jinja2 and Ansible print them
test('a list or dict inside a longer string is written as Python prints it, booleans as True/False', () => {
  const scope = scopeOf({ peers: ['a', 'b'], on: true, d: { k: [true, null, 1.5], q: "it's", e: 'a\\b\n' }, n: 0.00001, m: 1.5e-7 });
  assert.equal(renderValue('peers={{ peers }} on={{ on }}', scope, AT), "peers=['a', 'b'] on=True");
  assert.equal(renderValue('d={{ d }}', scope, AT), `d={'k': [True, None, 1.5], 'q': "it's", 'e': 'a\\\\b\\n'}`);
  assert.equal(renderValue('n={{ n }} m={{ m }}', scope, AT), 'n=1e-05 m=1.5e-07');
});

test('a trailing newline of a block scalar is kept', () => {
  assert.equal(renderValue('echo {{ 1 }}\n', scopeOf(), AT), 'echo 1\n');
});

test('statements and whitespace control work as in Jinja', () => {
  const scope = scopeOf({ peers: ['a', 'b'] });
  assert.equal(renderValue('{% for p in peers %}{{ p }}{% if not loop.last %},{% endif %}{% endfor %}', scope, AT), 'a,b');
  assert.equal(renderValue('a {%- if true -%} b {%- endif -%} c', scope, AT), 'abc');
});

test('renderText with trimBlocks drops the newline after a block tag, as the template module does', () => {
  const text = '{% for p in peers %}\n{{ p }}\n{% endfor %}\n';
  assert.equal(renderText(text, scopeOf({ peers: ['a', 'b'] }), AT, { trimBlocks: true }), 'a\nb\n');
});

test('a var that uses itself is a "recursive loop" error, not a stack overflow', () => {
  const scope = scopeOf({ a: '{{ b }}', b: 'x{{ a }}' });
  assert.throws(() => renderValue('{{ a }}', scope, AT), /recursive loop: variable "a" uses itself \(a → b → a\)/);
});

test('a scope extended with a layer sees the new names over the old ones', () => {
  const scope = scopeOf({ x: 1, y: 2 }).with({ kind: 'data', vars: { x: 'item' } });
  assert.deepEqual(renderValue(['{{ x }}', '{{ y }}'], scope, AT), ['item', 2]);
});

test('a macro gives plain text where it is called', () => {
  const text = '{% macro flag(n) %}--{{ n }}{% endmacro %}{{ flag("upgrade") }} {{ flag("x") | upper }}';
  assert.equal(renderValue(text, scopeOf(), AT), '--upgrade --X');
});
