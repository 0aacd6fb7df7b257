import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
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

test('on a terminal, Ctrl-C at a confirm prompt interrupts the run: no answer, undo hooks run, exit 99', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'a'));
  writeFiles(dir, {
    'inventory.yml': `all:\n  hosts:\n    a: { ansible_connection: local, runbook_home: ${join(dir, 'a')} }\n`,
    'ask.yml': 'runbook: ask\nhosts: all\nsteps:\n  - command: [touch, done]\n    rollback: { command: [touch, undone] }\n'
      + '  - confirm: { prompt: "Go on?" }\n  - command: [touch, went-on]\n',
  });
  const env = { ...process.env };
  delete env.CI;
  const command = `stty cols 100 rows 30; exec ${shellQuote(process.execPath)} ${shellQuote(CLI)} exec ask.yml -i inventory.yml --output plain`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env });
  let screen = '';
  let isSent = false;
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    if (!isSent && screen.includes('Go on? [yes/no]')) child.stdin.write('\x03');
    isSent ||= screen.includes('Go on? [yes/no]');
  });
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(status, 99, screen);
  assert.match(screen, /interrupted \(SIGINT\): no new step starts/);
  assert.deepEqual(['done', 'undone', 'went-on'].map((f) => existsSync(join(dir, 'a', f))), [true, true, false]);
});
