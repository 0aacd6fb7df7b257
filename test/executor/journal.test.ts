import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
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
