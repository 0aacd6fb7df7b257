import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../engine/core/index.js';
import { CLI } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const canMount = spawnSync('unshare', ['-m', '--propagation', 'private', 'true']).status === 0;

test('a full disk while journaling stops the run with a message and exit 1; the journal keeps whole events only', { skip: !canMount && 'needs root for unshare -m and mount' }, () => {
  const dir = tempDir();
  const home = join(dir, 'p1');
  mkdirSync(home);
  mkdirSync(join(dir, '.runbook'));
  // step 2's output (200 KB, kept in its step-end event) does not fit the 64 KiB tmpfs the journal is on
  writeFiles(dir, {
    'inventory.yml': `all:\n  hosts:\n    p1: { ansible_connection: local, runbook_home: ${home} }\n`,
    'rb.yml': 'runbook: full\nhosts: all\nsteps:\n  - command: [touch, one]\n  - command: [sh, -c, "head -c 200000 /dev/zero | tr \'\\\\0\' x"]\n  - command: [touch, three]\n',
  });
  // the tmpfs goes with its namespace: the journal is copied out before
  const run = `mount -t tmpfs -o size=64k tmpfs .runbook || exit 9; ${shellQuote(process.execPath)} ${shellQuote(CLI)} exec rb.yml -i inventory.yml --output plain; rc=$?; cp -r .runbook/runs runs-copy; exit $rc`;
  const result = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', run], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /^error: cannot write the journal \.runbook\/runs\/\S+\/journal\.jsonl: ENOSPC: no space left on device/m);
  assert.match(result.stderr, /hint: make room, then `runbook exec --resume \S+` goes on/);
  assert.doesNotMatch(result.stderr, /internal error|at .*\.js/);
  assert.equal(existsSync(join(home, 'three')), false, 'no step started after the failed write');
  assert.equal(existsSync(join(dir, '.runbook', 'runs')), false, 'the tmpfs was in a mount namespace of its own');
  const [id] = readdirSync(join(dir, 'runs-copy'));
  const text = readFileSync(join(dir, 'runs-copy', id!, 'journal.jsonl'), 'utf8');
  assert.match(text, /\n$/);
  const events = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string });
  assert.deepEqual(events.filter((e) => e.type === 'step-end').map((e) => e.id), ['1']);
});
