import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shlexSplit, ShlexError } from '../../engine/core/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

// What Python's own shlex.split gave for each input (test/fixtures/shlex/regenerate.py writes it).
interface Case {
  readonly input: string;
  readonly comments: boolean;
  readonly words?: string[];
  readonly error?: string;
}

const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/shlex/split.json');
const { python, cases } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { python: string; cases: Case[] };

for (const { input, comments, words, error } of cases) {
  const title = `${JSON.stringify(input)}${comments ? ' (comments=True)' : ''}`;
  if (error === undefined) {
    test(`${title} splits as Python ${python}'s shlex.split: ${JSON.stringify(words)}`, () => {
      assert.deepEqual(shlexSplit(input, { comments }), words);
    });
  } else {
    test(`${title} fails as Python ${python}'s shlex.split does: ${error}`, () => {
      assert.throws(() => shlexSplit(input, { comments }), (e: Error) =>
        e instanceof ShlexError && e.message.toLowerCase().startsWith(error.toLowerCase()));
    });
  }
}

test('the table covers # mid-word, empty quotes, unterminated quotes and both comment modes', () => {
  const has = (p: (c: Case) => boolean) => assert.ok(cases.some(p), FIXTURE);
  has((c) => !c.comments && /\S#/.test(c.input) && c.words !== undefined);
  has((c) => c.words?.includes('') === true);
  has((c) => c.error === 'No closing quotation');
  has((c) => c.comments);
});

test('an unclosed quote says which quote and where it opened', () => {
  assert.throws(() => shlexSplit(`echo ok 'never closed`), /no closing quotation: the ' at character 9 is never closed/);
});
