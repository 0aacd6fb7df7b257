import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const dir = tempDir();
for (const h of ['p1', 'p2']) mkdirSync(join(dir, h));
writeFiles(dir, {
  'inventories/local.yml': `cluster:\n  vars: { ansible_connection: local }\n  hosts:\n${['p1', 'p2'].map((h) => `    ${h}: { runbook_home: ${join(dir, h)} }`).join('\n')}\n`,
  'runbooks/deploy.yml': `runbook: deploy
hosts: cluster
params:
  version: { type: string, default: "1.0" }
steps:
  - name: Read the current state
    command: [cat, state]
    register: probe
    check_mode: run
    failed_when: false
  - name: Migrate an old state
    command: [touch, migrated]
    when: probe.stdout == 'old'
  - name: Write the config
    template: { src: templates/config.j2, dest: config }
`,
  'runbooks/templates/config.j2': 'version {{ version }} on {{ inventory_hostname }}\n',
});
const run = (...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });

function planTo(file: string): void {
  const planned = run('plan', 'deploy', '-i', 'local', '-o', file);
  assert.equal(planned.status, 0, planned.stderr);
}

test('exec --plan runs a saved plan whose inputs and plan are unchanged', () => {
  planTo('same.json');
  const ran = run('exec', '--plan', 'same.json', '--output', 'plain', '--yes');
  assert.equal(ran.status, 0, ran.stdout + ran.stderr);
  assert.equal(readFileSync(join(dir, 'p2', 'config'), 'utf8'), 'version 1.0 on p2\n');
});

test('exec --plan refuses (exit 1) a plan whose steps now decide otherwise, naming host, step, before and after', () => {
  planTo('state.json');
  writeFileSync(join(dir, 'p2', 'state'), 'old');
  const refused = run('exec', '--plan', 'state.json');
  assert.equal(refused.status, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /the plan state\.json no longer holds: the plan made from today's facts has 2 differences/);
  assert.match(refused.stderr, /^ {2}p2: step 2 "Migrate an old state": mark: skipped → will run$/m);
  assert.equal(existsSync(join(dir, 'p2', 'migrated')), false);
  rmSync(join(dir, 'p2', 'state'));
});

test('exec --plan refuses (exit 1) a plan whose template source was edited after the review, naming the file', () => {
  planTo('template.json');
  writeFiles(dir, { 'runbooks/templates/config.j2': 'version {{ version }} (edited)\n' });
  const refused = run('exec', '--plan', 'template.json');
  writeFiles(dir, { 'runbooks/templates/config.j2': 'version {{ version }} on {{ inventory_hostname }}\n' });
  assert.equal(refused.status, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /the plan template\.json is out of date: runbooks\/templates\/config\.j2 changed since it was made/);
});

const fixed: string[][] = [['deploy'], ['-i', 'local'], ['-e', 'version=2.0'], ['--limit', 'p1'], ['--tags', 'a'], ['--skip-tags', 'a'],
  ['--start-at-step', 'Write the config'], ['--no-rollback'], ['--forks', '1'], ['--known-hosts', 'kh'], ['--accept-new-host-keys']];

test('exec --plan refuses (exit 5) the runbook and every option that would change what runs, naming each', () => {
  planTo('options.json');
  for (const args of fixed) {
    const refused = run('exec', '--plan', 'options.json', ...args);
    assert.equal(refused.status, 5, args.join(' '));
    const named = args[0] === 'deploy' ? 'the runbook argument "deploy"' : args[0]!.startsWith('--') ? args[0]! : `${args[0]}/`;
    assert.ok(refused.stderr.includes(`cannot be given with it`) && refused.stderr.includes(named), `${args.join(' ')}: ${refused.stderr}`);
  }
});

test('a saved plan edited by hand, by one byte or in its options, is refused (exit 4) and nothing runs', () => {
  planTo('edited.json');
  const text = readFileSync(join(dir, 'edited.json'), 'utf8');
  for (const edited of [text.replace('"rollback": true', '"rollback": false'), text.replace('"skipped"', '"skippef"')]) {
    assert.notEqual(edited, text);
    writeFileSync(join(dir, 'edited.json'), edited);
    const refused = run('exec', '--plan', 'edited.json');
    assert.equal(refused.status, 4, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /the plan edited\.json was changed after `runbook plan` wrote it: its sha256 digest does not match/);
  }
});
