import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, runIds } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5'];
const dir = tempDir();
for (const h of HOSTS) mkdirSync(join(dir, h));
writeFiles(dir, {
  'inventories/local.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n${HOSTS.map((h) => `    ${h}: { runbook_home: ${join(dir, h)} }`).join('\n')}\n`,
  'runbooks/roll.yml': 'runbook: roll\nhosts: all\nvars:\n  batch: 1\nsteps:\n  - name: Roll\n    serial: "{{ batch }}"\n    steps:\n'
    + '      - name: Mark\n        command: [touch, done]\n',
});
const run = (...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });

test('validate accepts a templated serial, and plan shows the batches it resolves to with -e', () => {
  assert.equal(run('validate', 'roll').status, 0);
  const plan = run('plan', 'roll', '-i', 'local', '-e', 'batch=2');
  assert.equal(plan.status, 0, plan.stderr);
  assert.match(plan.stdout, /Roll \[rolling in 3 batch\(es\): \[h1 h2\] \[h3 h4\] \[h5\]/);
});

test('exec rolls in batches of the templated size on real hosts, batch after batch', () => {
  const ran = run('exec', 'roll', '-i', 'local', '-e', 'batch=40%', '--yes', '--output', 'plain');
  assert.equal(ran.status, 0, ran.stdout + ran.stderr);
  assert.deepEqual(ran.stdout.match(/batch \d: .*/g), ['batch 1: h1 h2', 'batch 2: h3 h4', 'batch 3: h5']);
  const marked = HOSTS.map((h) => statSync(join(dir, h, 'done')).mtimeMs);
  assert.ok(Math.max(marked[0]!, marked[1]!) <= Math.min(marked[2]!, marked[3]!), 'batch 2 ran after batch 1');
});

test('a bad resolved serial fails plan and exec with exit 4 at file:line:col, and nothing is run or recorded', () => {
  for (const h of HOSTS) rmSync(join(dir, h, 'done'), { force: true });
  const before = runIds(dir).length;
  for (const command of ['plan', 'exec']) {
    const refused = run(command, 'roll', '-i', 'local', '-e', 'batch=many', '--yes');
    assert.equal(refused.status, 4, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /^runbooks\/roll\.yml:7:13: error\[bad-value\]: serial: "\{\{ batch \}\}" gave "many", which is not a batch size$/m);
  }
  assert.equal(runIds(dir).length, before);
  assert.deepEqual(HOSTS.filter((h) => existsSync(join(dir, h, 'done'))), []);
});
