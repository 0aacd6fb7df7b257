import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../engine/core/index.js';
import { CLI } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

test('a closed stdout (exec | head -1) never stops a run: it goes on to its end, its journal and its own exit code', () => {
  const dir = tempDir();
  const home = join(dir, 'p1');
  mkdirSync(home);
  const gone = join(dir, 'head-gone');
  // step 2 waits until head has exited, so that everything after it is written to a closed pipe
  writeFiles(dir, {
    'inventory.yml': `all:\n  hosts:\n    p1: { ansible_connection: local, runbook_home: ${home} }\n`,
    'rb.yml': `runbook: piped\nhosts: all\nsteps:\n  - command: [touch, one]\n  - command: [sh, -c, "while [ ! -e ${gone} ]; do sleep 0.05; done"]\n`
      + '  - command: [touch, two]\n  - command: [touch, three]\n',
  });
  const run = `${shellQuote(process.execPath)} ${shellQuote(CLI)} exec rb.yml -i inventory.yml --output plain 2>stderr.txt; echo $? >rc.txt`;
  const piped = spawnSync('sh', ['-c', `(${run}) | (head -1; touch ${gone})`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.match(piped.stdout, /^\S+ run \S+-piped-\S+: piped on 1 host\(s\)\n$/);
  assert.equal(readFileSync(join(dir, 'rc.txt'), 'utf8').trim(), '0', readFileSync(join(dir, 'stderr.txt'), 'utf8'));
  assert.equal(readFileSync(join(dir, 'stderr.txt'), 'utf8'), '');
  assert.ok(existsSync(join(home, 'three')));
  const runs = join(dir, '.runbook', 'runs');
  const journal = readFileSync(join(runs, readdirSync(runs)[0]!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; exitCode?: number });
  assert.equal(journal.filter((e) => e.type === 'step-end').length, 4);
  assert.deepEqual(journal.at(-1), { ...journal.at(-1), type: 'run-end', exitCode: 0 });
});
