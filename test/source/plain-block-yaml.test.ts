import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspect } from 'node:util';
import jsyaml from 'js-yaml';
import { ANSIBLE_YAML_SCHEMA, MAX_NESTING_DEPTH, parseYamlText } from '../../engine/source/index.js';
import { resolvePlainScalar } from '../../engine/source/ansible-yaml.js';
import { readPlainBlockYaml } from '../../engine/source/plain-block-yaml.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const fast = (text: string) => readPlainBlockYaml(text, resolvePlainScalar, MAX_NESTING_DEPTH);

/** What js-yaml reads, or the error it throws. */
function slow(text: string): { value: unknown } | { error: string } {
  try {
    return { value: jsyaml.load(text, { schema: ANSIBLE_YAML_SCHEMA }) };
  } catch (error) {
    return { error: String(error) };
  }
}

/** Values compared with their key order and number kinds (NaN, -0, Infinity), which deepEqual alone would not. */
const shown = (value: unknown) => inspect(value, { depth: Infinity, breakLength: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity });

/** Fails unless the fast reader gave up, or gave exactly js-yaml's value; says which it was. */
function assertAgrees(text: string): 'read' | 'gave up' {
  const ours = fast(text);
  if (ours === undefined) return 'gave up';
  const theirs = slow(text);
  assert.ok('value' in theirs, `the fast reader read ${JSON.stringify(text)}, which js-yaml refuses: ${'error' in theirs ? theirs.error : ''}`);
  assert.equal(shown(ours), shown(theirs.value), `the two readers differ on ${JSON.stringify(text)}`);
  return 'read';
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

test('on every YAML file of the project, the fast reader gives js-yaml\'s value or gives up', () => {
  const files = yamlFilesUnder(PROJECT_ROOT);
  assert.ok(files.length > 20, `only ${files.length} YAML files found`);
  const read = files.filter((file) => assertAgrees(readFileSync(file, 'utf8')) === 'read');
  assert.ok(read.length >= 3, `the fast reader read only ${read.length} of ${files.length} files`);
});

test('an inventory of plain mappings is read by the fast reader, with every scalar typed as Ansible types it', () => {
  const text = [
    '# prod', '---', 'all:', '  vars:', '    ntp: ntp.example.com  # a comment', '    port: 022', '    enabled: yes', '    ratio: 1.5e+3',
    '    when: 2024-1-2 3:04:05', '    empty:', '    nothing: ~', "    quoted: 'it''s'", '    dq: "a # b"', '  children:',
    '    web:', '      hosts:', '        web[01:03].example.com:', '          ansible_host: 10.0.0.1', '        "db:5432":',
    '        fe80::1:', '          tier: -1', '',
  ].join('\n');
  const value = fast(text);
  assert.deepEqual(value, {
    all: {
      vars: { ntp: 'ntp.example.com', port: 18, enabled: true, ratio: 1500, when: '2024-01-02T03:04:05', empty: null, nothing: null,
        quoted: "it's", dq: 'a # b' },
      children: { web: { hosts: { 'web[01:03].example.com': { ansible_host: '10.0.0.1' }, 'db:5432': null, 'fe80::1': { tier: -1 } } } },
    },
  });
  assert.equal(assertAgrees(text), 'read');
});

const GIVES_UP: readonly [string, string][] = [
  ['a list', 'hosts:\n  - web1\n'],
  ['a flow mapping', 'a: {b: 1}\n'],
  ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
  ['a tag', 'a: !vault |\n  $ANSIBLE_VAULT\n'],
  ['a block scalar', 'a: |\n  text\n'],
  ['a multi-line plain scalar', 'a: one\n  two\n'],
  ['an escape in double quotes', 'a: "x\\ty"\n'],
  ['a merge key', 'a:\n  <<: {b: 1}\n'],
  ['a duplicate key', 'a: 1\na: 2\n'],
  ['a tab', 'a:\t1\n'],
  ['non-ASCII text', 'a: é\n'],
  ['a key read as a number', '1: a\n'],
  ['a key read as a bool', 'yes: a\n'],
  ['an indentation between levels', 'a:\n    b: 1\n  c: 2\n'],
  ['a second document', 'a: 1\n---\nb: 2\n'],
  ['a value holding ": "', 'a: b: c\n'],
  ['a __proto__ key', '__proto__: 1\n'],
  ['a scalar document', 'just text\n'],
  ['an empty file', ''],
];

for (const [what, text] of GIVES_UP) {
  test(`the fast reader gives up on ${what}, and parseYamlText still reads the file as js-yaml does`, () => {
    assert.equal(fast(text), undefined);
    const theirs = slow(text);
    const source = parseYamlText('t.yml', text);
    if ('value' in theirs) assert.equal(shown(source.value), shown(theirs.value));
    else assert.ok(source.diagnostics.length > 0, 'js-yaml refuses it, so parseYamlText must report it');
  });
}

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// most lines are of the kinds the fast reader takes; one part in ten is something it must give up on, or get right
const PLAIN_KEYS = ['web1', 'db-2.example.com', 'ansible_host', 'vars', 'hosts', 'children', 'web[01:10]', 'fe80::1', '10.0.0.1', '"q k"'];
const PLAIN_VALUES = ['', '', 'x', 'yes', '017', '1.5', '10.0.0.1', '"q"', "'it''s'", 'a # c', '2024-01-02', '~', '-1', 'two  words'];
const KEYS = ['web1', 'a b', 'a#b', 'a #b', 'web[1:3]', 'fe80::1', '10.0.0.1', '"q k"', "'s k'", "'it''s'", 'yes', 'null', '~', '1', '017',
  '-a', '-1', '?a', '&a', '!t', '<<', 'constructor', '__proto__', 'k:x', '"a"b', 'x', 'x', 'vars', 'hosts', '2024-01-02', '.5', '<a>'];
const VALUES = ['', '', 'x', 'yes', 'No', 'off', 'y', '017', '09', '0x1F', '-0b11', '1:30', '1_000', '1.5e+3', '1e3', '.inf', '-.5', '.NaN',
  '2024-01-02', '2024-1-2', '2024-01-02 03:04:05.5 -5', '"q"', '"a\\"b"', "'it''s'", "'open", '"open', '"x" # c', '"x"#c', '"x" y',
  'a # c', 'a#c', 'a: b', 'a:', 'a:b', '[1, 2]', '{a: 1}', '|', '>', '&x y', '*x', '!vault x', '-', '-1', '- x', '~', 'null', '<<',
  'x  ', 'a,b', 'x]', '@x', '`x', '%x', '=x', '?', ':x', '# only', 'two  spaces', "'a' # c", '"a":'];

/** A document of mapping lines (and comments, blanks, markers) with indents drawn near the previous line's. */
function randomDocument(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const lines: string[] = [];
  let indent = 0;
  for (let n = 1 + Math.floor(random() * 8); n > 0; n--) {
    const roll = random();
    if (roll < 0.05) lines.push(pick(['# c', '   # c', '', '  ', '---', '...']));
    indent = Math.max(0, indent + pick([0, 0, 0, 2, 2, 2, 4, -2, -2, -4, -4, random() < 0.1 ? 1 : 0]));
    const value = random() < 0.9 ? pick(PLAIN_VALUES) : pick(VALUES);
    const key = random() < 0.9 ? pick(PLAIN_KEYS) : pick(KEYS);
    lines.push(`${' '.repeat(indent)}${key}${random() < 0.9 ? ':' : pick([' :', ':  '])}${value ? ` ${value}` : ''}`);
  }
  return `${lines.join('\n')}${random() < 0.9 ? '\n' : ''}`;
}

test('on 6,000 generated documents, the fast reader gives js-yaml\'s value or gives up, and reads a good share of them', () => {
  const random = randomFrom(20261130);
  let read = 0;
  for (let i = 0; i < 6000; i++) if (assertAgrees(randomDocument(random)) === 'read') read++;
  assert.ok(read > 600, `only ${read} of 6,000 documents were read by the fast reader: the test exercises too little of it`);
});
