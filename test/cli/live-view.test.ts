import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../engine/core/index.js';
import { CLI } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

test('on a terminal (a pseudo-terminal made by script), exec shows the live tree of steps and hosts, then the recap', () => {
  const dir = tempDir();
  for (const h of ['p1', 'p2']) mkdirSync(join(dir, h));
  writeFiles(dir, {
    'inventory.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n    p1: { runbook_home: ${join(dir, 'p1')} }\n    p2: { runbook_home: ${join(dir, 'p2')} }\n`,
    'rb.yml': 'runbook: live\nhosts: all\nsteps:\n  - name: Touch\n    command: [touch, x]\n  - name: Roll\n    serial: 1\n    steps:\n      - name: Check\n        command: ["true"]\n',
  });
  const command = `stty cols 100 rows 30; ${shellQuote(process.execPath)} ${shellQuote(CLI)} exec rb.yml -i inventory.yml`;
  const env = { ...process.env };
  delete env.CI;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(result.status, 0, result.stdout);
  const screen = result.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  assert.match(screen, /✔ 1\. Touch/);
  assert.match(screen, /2\.1 Check: ✎ p1 {2}✎ p2/);
  assert.match(screen, /RECAP\r?\np1 +ok +ok=2 changed=2/);
});
