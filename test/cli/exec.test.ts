import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const dir = tempDir();
for (const h of ['p1', 'p2', 'p3']) mkdirSync(join(dir, h));
writeFiles(dir, {
  'inventories/local.yml': `cluster:\n  vars: { ansible_connection: local }\n  hosts:\n${['p1', 'p2', 'p3'].map((h) => `    ${h}: { runbook_home: ${join(dir, h)} }`).join('\n')}\n`,
  'runbooks/install.yml': `runbook: install
hosts: cluster
params:
  target_version: { type: semver, required: true, description: version to install }
vars:
  marker: "installed-{{ target_version }}"
steps:
  - name: Install
    command: [touch, "{{ marker }}"]
    rollback: { command: [rm, -f, "{{ marker }}"] }
  - name: Roll out
    serial: [1, "50%"]
    steps:
      - name: Restart
        command: [touch, restarted]
`,
  'runbooks/undefined.yml': 'runbook: u\nhosts: cluster\nsteps:\n  - name: first\n    command: [touch, first]\n  - name: later\n    command: [touch, "{{ nope }}"]\n',
  'runbooks/both.yml': 'runbook: b\nhosts: cluster\nsteps:\n  - name: x\n    serial: 1\n    parallel: true\n    steps:\n      - command: ["true"]\n',
  // the same steps as an Ansible play whose PLAY RECAP reads ok=4 changed=3 failed=0 skipped=1 rescued=1 ignored=1
  'runbooks/counts.yml': 'runbook: c\nhosts: p1\nsteps:\n  - name: changes\n    command: ["true"]\n'
    + '  - name: reads\n    command: ["true"]\n    changed_when: false\n'
    + '  - name: fails, ignored\n    command: ["false"]\n    ignore_errors: true\n'
    + '  - name: not here\n    command: ["true"]\n    when: false\n'
    + '  - name: guarded\n    steps:\n      - name: fails\n        command: ["false"]\n    rescue:\n      - name: mends\n        command: ["true"]\n',
  'runbooks/delegate.yml': 'runbook: d\nhosts: cluster\nsteps:\n  - command: ["true"]\n    delegate_to: elsewhere\n',
});
const run = (...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });

test('plan prints every step per host with its rendered command, batches and undo hooks, and changes nothing', () => {
  const result = run('plan', 'install', '-i', 'local', '-e', 'target_version=0.10.1');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^2\. Roll out \[rolling in 3 batch\(es\): \[p1\] \[p2\] \[p3\]; rollback_scope host/m);
  assert.match(result.stdout, /1\. Install \[command\]\n {3}will run {13}p1, p2, p3: touch installed-0\.10\.1\n {24}undo: rm -f installed-0\.10\.1/);
  assert.equal(existsSync(join(dir, 'p1', 'installed-0.10.1')), false);
});

test('plan --format markdown gives byte-identical text for the same inputs', () => {
  const first = run('plan', 'install', '-i', 'local', '-e', 'target_version=0.10.1', '--format', 'markdown');
  const second = run('plan', 'install', '-i', 'local', '-e', 'target_version=0.10.1', '--format', 'markdown');
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, second.stdout);
  assert.match(first.stdout, /^# Plan: install\n/);
  assert.match(first.stdout, /^- \*\*will run\*\* on p1, p2, p3: `touch installed-0\.10\.1`\n {2}- undo: `rm -f installed-0\.10\.1`$/m);
});

test('plan --detailed-exitcode exits 2 when steps would run', () => {
  assert.equal(run('plan', 'install', '-i', 'local', '-e', 'target_version=0.10.1', '--detailed-exitcode').status, 2);
});

test('exec runs, journals every event, and exits 0', () => {
  const result = run('exec', 'install', '-i', 'local', '-e', 'target_version=0.10.1');
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.ok(existsSync(join(dir, 'p3', 'installed-0.10.1')) && existsSync(join(dir, 'p3', 'restarted')));
  assert.match(result.stdout, /^p2 +ok +ok=2 changed=2 failed=0 skipped=0 rescued=0 ignored=0 rolled_back=0$/m);
  const runs = readdirSync(join(dir, '.runbook', 'runs'));
  const journal = readFileSync(join(dir, '.runbook', 'runs', runs.at(-1)!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
  assert.equal(journal[0]?.type, 'run-start');
  assert.equal(journal.at(-1)?.type, 'run-end');
  assert.equal(journal.filter((e) => e.type === 'step-end').length, 6);
});

test('an undefined variable stops exec before anything runs (exit 4, file:line:col)', () => {
  const result = run('exec', 'undefined', '-i', 'local');
  assert.equal(result.status, 4);
  assert.match(result.stderr, /runbooks\/undefined\.yml:7:14: error\[[\w-]+\]: undefined variable "nope"/);
  assert.equal(existsSync(join(dir, 'p1', 'first')), false);
});

test('-e is checked against params: missing, mistyped, misspelled', () => {
  const missing = run('exec', 'install', '-i', 'local');
  assert.equal(missing.status, 5);
  assert.match(missing.stderr, /missing parameter target_version \(version to install\)/);
  assert.equal(run('exec', 'install', '-i', 'local', '-e', 'target_version=latest').status, 5);
  const typo = run('plan', 'install', '-i', 'local', '-e', 'target_version=0.10.1 target_versoin=1');
  assert.equal(typo.status, 5);
  assert.match(typo.stderr, /did you mean "target_version"/);
});

test('serial and parallel on one block, and delegate_to an unknown host, are refused before running', () => {
  const both = run('plan', 'both', '-i', 'local');
  assert.equal(both.status, 4);
  assert.match(both.stderr, /runbooks\/both\.yml:6:5: .*either rolling \(serial\) or parallel/);
  const delegate = run('plan', 'delegate', '-i', 'local');
  assert.equal(delegate.status, 4);
  assert.match(delegate.stderr, /delegate_to: "elsewhere" is not a host of the inventory/);
});

test('exec --plan runs a saved plan, and refuses it (exit 1) once the runbook has changed', () => {
  writeFiles(dir, { 'runbooks/saved.yml': 'runbook: saved\nhosts: cluster\nsteps:\n  - command: [touch, from-saved-plan]\n' });
  const planned = run('plan', 'saved', '-i', 'local', '-o', 'saved.plan.json');
  assert.equal(planned.status, 0, planned.stderr);
  const ran = run('exec', '--plan', 'saved.plan.json');
  assert.equal(ran.status, 0, ran.stderr);
  assert.ok(existsSync(join(dir, 'p2', 'from-saved-plan')));
  writeFiles(dir, { 'runbooks/saved.yml': 'runbook: saved\nhosts: cluster\nsteps:\n  - command: [touch, something-else]\n' });
  const refused = run('exec', '--plan', 'saved.plan.json');
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /out of date: runbooks\/saved\.yml changed since it was made/);
  assert.equal(existsSync(join(dir, 'p2', 'something-else')), false);
});

test('the runbook\'s forks bounds how many hosts work at once, unless --forks says otherwise', () => {
  writeFiles(dir, { 'runbooks/narrow.yml': 'runbook: narrow\nhosts: cluster\nforks: 1\nsteps:\n  - command: [sleep, "0.05"]\n' });
  const overlaps = (args: string[]) => {
    const result = run('exec', 'narrow', '-i', 'local', '--output', 'json', ...args);
    let inside = 0;
    let most = 0;
    for (const event of result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string })) {
      if (event.type === 'step-start') most = Math.max(most, ++inside);
      if (event.type === 'step-end') inside--;
    }
    return most;
  };
  assert.equal(overlaps([]), 1);
  assert.equal(overlaps(['--forks', '3']), 3);
});

test('-e takes key=value pairs, JSON and @file.yml, later ones winning, typed by the params', () => {
  writeFiles(dir, {
    'runbooks/typed.yml': 'runbook: typed\nhosts: cluster\nparams:\n  count: { type: int, required: true }\n  flag: { type: bool, default: false }\n  target_version: { type: semver, required: true }\nsteps:\n  - assert: { that: ["count == 3", "flag", "target_version == \'1.1.6\'"] }\n    run_once: true\n',
    'extra.yml': 'target_version: 1.1.6\nflag: yes\n',
  });
  const result = run('exec', 'typed', '-i', 'local', '-e', 'count=2', '-e', '{"count": 3}', '-e', '@extra.yml');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  const wrong = run('exec', 'typed', '-i', 'local', '-e', 'count=three', '-e', '@extra.yml');
  assert.equal(wrong.status, 5);
  assert.match(wrong.stderr, /-e count="three": expected a whole number/);
});

test('a --limit that leaves no host fails (exit 1, as ansible-playbook) with a did-you-mean, and runs nothing', () => {
  for (const command of ['plan', 'exec']) {
    const result = run(command, 'install', '-i', 'local', '-e', 'target_version=0.10.2', '--limit', 'p9');
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /--limit "p9" leaves no host to target: the runbook's hosts "cluster" are p1, p2, p3/);
    assert.match(result.stderr, /did you mean --limit p1\?/);
  }
  assert.equal(existsSync(join(dir, 'p1', 'installed-0.10.2')), false);
});

test('a relative template src is found beside a runbook that sits in the current folder', () => {
  const here = tempDir();
  mkdirSync(join(here, 'h'));
  writeFiles(here, {
    'p.yml': 'runbook: p\nhosts: all\nsteps:\n  - template: { src: templates/motd.j2, dest: motd }\n',
    'templates/motd.j2': 'hello {{ inventory_hostname }}\n',
    'inv.yml': `all:\n  hosts:\n    h: { ansible_connection: local, runbook_home: ${join(here, 'h')} }\n`,
  });
  const result = runCli(['exec', 'p.yml', '-i', 'inv.yml'], { cwd: here, env: { NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.equal(readFileSync(join(here, 'h', 'motd'), 'utf8'), 'hello h\n');
});

test('the recap counts as Ansible\'s PLAY RECAP: ok includes changed; an ignored failure is ok and ignored; a rescued one is rescued', () => {
  const result = run('exec', 'counts', '-i', 'local', '--output', 'plain');
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /^p1 +ok +ok=4 changed=3 failed=0 skipped=1 rescued=1 ignored=1 rolled_back=0$/m);
  const id = /run (\S+): c on/.exec(result.stdout)?.[1];
  const shown = run('show', id!);
  assert.match(shown.stdout, /^p1 +ok +ok=4 changed=3 failed=0 skipped=1 rescued=1 ignored=1 rolled_back=0$/m, shown.stdout);
});
