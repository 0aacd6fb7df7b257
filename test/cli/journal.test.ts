import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const dir = tempDir();
for (const h of ['a', 'b']) mkdirSync(join(dir, h));
writeFiles(dir, {
  'inventory.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n    a: { runbook_home: ${join(dir, 'a')} }\n    b: { runbook_home: ${join(dir, 'b')} }\n`,
  'two.yml': 'runbook: two\nhosts: all\nsteps:\n  - name: roll\n    serial: 1\n    steps:\n      - command: [touch, x]\n        rollback: { command: [rm, x] }\n      - command: [sh, -c, "test {{ inventory_hostname }} != b"]\n',
});
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/events.schema.json'), 'utf8')));

test('exec --output json prints NDJSON events that follow schemas/events.schema.json, the same as the journal', () => {
  const result = runCli(['exec', 'two.yml', '-i', 'inventory.yml', '--output', 'json'], { cwd: dir });
  assert.equal(result.status, 2, result.stderr);
  const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
  for (const line of lines) assert.ok(validate(line), JSON.stringify({ line, errors: validate.errors }));
  assert.deepEqual([lines[0]?.type, lines.at(-1)?.type], ['run-start', 'run-end']);
  assert.ok(lines.some((l) => l.type === 'undo'));
  const runs = join(dir, '.runbook', 'runs');
  const journal = readFileSync(join(runs, readdirSync(runs).sort().at(-1)!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).type);
  assert.deepEqual(journal, lines.map((l) => l.type));
});

test('runbook runs lists past runs and runbook show prints a run\'s failures and recap', () => {
  // a run of its own, so that the test stands alone
  assert.equal(runCli(['exec', 'two.yml', '-i', 'inventory.yml', '--output', 'plain'], { cwd: dir }).status, 2);
  const listed = runCli(['runs'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(listed.status, 0);
  const [id] = listed.stdout.trim().split('\n').at(-1)!.split(/\s+/);
  assert.match(listed.stdout, /two {2}2 host\(s\) {2}rolled back \(exit 2\)$/m);
  const shown = runCli(['show', id!], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(shown.status, 0);
  assert.match(shown.stdout, /b step 1\.2 "command" failed: exit code 1/);
  assert.match(shown.stdout, /b undo of step 1\.1: rm x … ok/);
  assert.match(shown.stdout, /^b +rolled-back/m);
});
