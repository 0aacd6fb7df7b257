import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { journalWriter, readJournal, type RunEvent } from '../../engine/executor/index.js';
import { tempDir } from '../helpers/files.js';

const facts = (host: string): RunEvent => ({ type: 'facts', host, ok: true });

test('a journal write that fails (a full disk) is cut back to the whole events before it, and nothing more is written', () => {
  const dir = tempDir();
  let room = 2;
  const full = (file: string, line: string) => {
    if (room-- > 0) return appendFileSync(file, line);
    appendFileSync(file, line.slice(0, 10));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  const journal = journalWriter(dir, full);
  for (const host of ['a', 'b', 'c', 'd']) journal(facts(host));
  assert.match(String(journal.failure), /ENOSPC/);
  assert.equal(journal.stopped.aborted, true);
  assert.deepEqual(readJournal(dir).map((e) => e.type === 'facts' && e.host), ['a', 'b']);
  assert.match(readFileSync(join(dir, 'journal.jsonl'), 'utf8'), /\}\n$/);
});

test('a journal line that is not an event is an error naming the file and the line', () => {
  const dir = tempDir();
  const journal = journalWriter(dir);
  journal(facts('a'));
  appendFileSync(join(dir, 'journal.jsonl'), 'null\n');
  journal(facts('b'));
  assert.throws(() => readJournal(dir), { message: `${join(dir, 'journal.jsonl')}:2: not a journal event: null` });
});

test('a last line cut short (a controller killed while writing it) is left out', () => {
  const dir = tempDir();
  const journal = journalWriter(dir);
  journal(facts('a'));
  writeFileSync(join(dir, 'journal.jsonl'), `${readFileSync(join(dir, 'journal.jsonl'), 'utf8')}{"v":1,"at":"2026`);
  assert.deepEqual(readJournal(dir).map((e) => e.type), ['facts']);
});
