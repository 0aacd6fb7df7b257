import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../engine/core/index.js';
import { CLI } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

/** Runs `exec` in a pseudo-terminal (script), typing `answer` at its prompt. */
function execOnTerminal(dir: string, answer: string) {
  const command = `stty cols 100 rows 30; ${shellQuote(process.execPath)} ${shellQuote(CLI)} exec ask.yml -i inventory.yml --output plain`;
  const env = { ...process.env };
  delete env.CI;
  return spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env, input: answer, timeout: 60_000 });
}

test('on a terminal, confirm asks and goes on with yes, and fails the step with no', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'a'));
  writeFiles(dir, {
    'inventory.yml': `all:\n  hosts:\n    a: { ansible_connection: local, runbook_home: ${join(dir, 'a')} }\n`,
    'ask.yml': 'runbook: ask\nhosts: all\nsteps:\n  - confirm: { prompt: "Upgrade {{ inventory_hostname }}?" }\n  - command: [touch, went-on]\n',
  });
  const yes = execOnTerminal(dir, 'yes\n');
  assert.match(yes.stdout, /Upgrade a\? \[yes\/no\]/);
  assert.ok(existsSync(join(dir, 'a', 'went-on')), yes.stdout);
  const no = execOnTerminal(dir, 'no\n');
  assert.match(no.stdout, /not confirmed \(answer: "no"\)/);
});
