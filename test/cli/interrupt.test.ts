import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const dir = tempDir();
mkdirSync(join(dir, 'p1'));
writeFiles(dir, {
  'inventory.yml': `all:\n  hosts:\n    p1: { ansible_connection: local, runbook_home: ${join(dir, 'p1')} }\n`,
  'slow.yml': 'runbook: slow\nhosts: all\nsteps:\n  - name: long\n    command: [sh, -c, "sleep 1; touch first-done"]\n  - name: next\n    command: [touch, second]\n',
});

function startExec() {
  const child = spawn(process.execPath, [CLI, 'exec', 'slow.yml', '-i', 'inventory.yml'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  const started = new Promise<void>((resolve) => child.stdout.on('data', () => { if (stdout.includes(' run ')) resolve(); }));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, started, exited, output: () => stdout };
}

test('Ctrl-C lets the running step end, starts nothing new, writes the journal and exits 99', async () => {
  const run = startExec();
  await run.started;
  await new Promise((r) => setTimeout(r, 200));
  run.child.kill('SIGINT');
  assert.equal(await run.exited, 99);
  assert.equal(existsSync(join(dir, 'p1', 'first-done')), true);
  assert.equal(existsSync(join(dir, 'p1', 'second')), false);
  const runs = readdirSync(join(dir, '.runbook', 'runs'));
  const journal = readFileSync(join(dir, '.runbook', 'runs', runs.at(-1)!, 'journal.jsonl'), 'utf8');
  assert.match(journal, /"type":"run-end"/);
});
