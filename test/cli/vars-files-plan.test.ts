import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

test('a saved plan made with other vars_files data does not execute (exit 1, naming the data file); run.runbook names the runbook', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'h1'));
  writeFiles(dir, {
    'inventory.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n    h1: { runbook_home: ${join(dir, 'h1')} }\n`,
    'runbooks/data/values.yml': 'greeting: hello\n',
    'runbooks/rb.yml': 'runbook: rb\nhosts: all\nvars_files: [data/values.yml]\nsteps:\n  - shell: "echo {{ greeting }} {{ run.runbook }} > out"\n',
  });
  const run = (...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });
  const plan = run('plan', 'rb', '-i', 'inventory.yml', '-o', 'plan.json');
  assert.equal(plan.status, 0, plan.stderr);
  assert.match(plan.stdout, /echo hello rb > out/, 'run.runbook is the running runbook\'s name, in plans too');
  writeFileSync(join(dir, 'runbooks/data/values.yml'), 'greeting: goodbye\n');
  const refused = run('exec', '--plan', 'plan.json');
  assert.equal(refused.status, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /the plan plan\.json is out of date: runbooks\/data\/values\.yml changed since it was made/);
  writeFileSync(join(dir, 'runbooks/data/values.yml'), 'greeting: hello\n');
  const ran = run('exec', '--plan', 'plan.json', '--output', 'plain');
  assert.equal(ran.status, 0, ran.stdout + ran.stderr);
  assert.equal(readFileSync(join(dir, 'h1', 'out'), 'utf8'), 'hello rb\n');
});
