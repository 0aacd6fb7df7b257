import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

test('without a terminal, a batch that needs approval suspends the run; runbook approve goes on, batch by batch', () => {
  const dir = tempDir();
  for (const h of ['a', 'b']) mkdirSync(join(dir, h));
  writeFiles(dir, {
    'inventory.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n    a: { runbook_home: ${join(dir, 'a')} }\n    b: { runbook_home: ${join(dir, 'b')} }\n`,
    'gated.yml': 'runbook: gated\nhosts: all\nsteps:\n  - command: [touch, before]\n  - name: roll\n    serial: 1\n    approve: true\n    steps:\n      - command: [touch, rolled]\n',
  });
  const first = runCli(['exec', 'gated.yml', '-i', 'inventory.yml'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(first.status, 1, first.stdout + first.stderr);
  assert.match(first.stderr, /suspended: batch 1 of "roll" waits for approval: `runbook approve [\w-]+` goes on/);
  assert.deepEqual(['a', 'b'].map((h) => [existsSync(join(dir, h, 'before')), existsSync(join(dir, h, 'rolled'))]), [[true, false], [true, false]]);
  const [id] = readdirSync(join(dir, '.runbook', 'runs'));
  const second = runCli(['approve', id!], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(second.status, 1, second.stdout + second.stderr);
  assert.deepEqual(['a', 'b'].map((h) => existsSync(join(dir, h, 'rolled'))), [true, false]);
  const third = runCli(['approve', id!], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(third.status, 0, third.stdout + third.stderr);
  assert.deepEqual(['a', 'b'].map((h) => existsSync(join(dir, h, 'rolled'))), [true, true]);
  assert.doesNotMatch(third.stdout, /a 1 command/);
  assert.equal(runCli(['approve', id!], { cwd: dir }).status, 1);
});
