import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const HOSTS = ['h1', 'h2', 'h3', 'h4'];
const ROLL = `runbook: roll
hosts: all
steps:
  - name: probe
    command: [echo, "{{ inventory_hostname }}"]
    register: probe
  - name: roll
    serial: 1
    steps:
      - name: first
        command: [sh, -c, "echo {{ probe.stdout }} > first.log"]
        idempotent: true
      - name: slow
        command: [sleep, "0.3"]
      - name: second
        command: [sh, -c, "echo done >> second.log"]
        rollback: { command: [sh, -c, "echo undone >> second.log"] }
`;

function setUp(): string {
  const dir = tempDir();
  for (const h of HOSTS) mkdirSync(join(dir, h));
  return writeFiles(dir, {
    'inventory.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n${HOSTS.map((h) => `    ${h}: { runbook_home: ${join(dir, h)} }`).join('\n')}\n`,
    'roll.yml': ROLL,
  });
}

/** Starts `exec` and kills it with SIGKILL once `line` has been printed. */
async function killWhen(dir: string, line: RegExp): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'exec', 'roll.yml', '-i', 'inventory.yml'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (line.test(out)) { child.kill('SIGKILL'); resolve(); }
    });
    child.on('exit', () => resolve());
  });
  await new Promise((r) => child.on('exit', r));
  assert.match(out, line, 'the run was killed half-way');
}

test('a run killed with SIGKILL half-way through a serial: 1 roll-out is resumed, and each step runs exactly once per host', async () => {
  const dir = setUp();
  await killWhen(dir, /h2 2\.3 second … changed/);
  const [id] = readdirSync(join(dir, '.runbook', 'runs'));
  assert.match(runCli(['runs'], { cwd: dir }).stdout, /interrupted \(the controller stopped: no run-end\)$/m);
  const resumed = runCli(['exec', '--resume', id!], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(resumed.status, 0, resumed.stdout + resumed.stderr);
  for (const host of HOSTS) {
    // the registered value of step 1 came back from the journal for the hosts that had not reached step 2 yet
    assert.equal(readFileSync(join(dir, host, 'first.log'), 'utf8'), `${host}\n`, host);
    assert.equal(readFileSync(join(dir, host, 'second.log'), 'utf8'), 'done\n', host);
  }
  assert.doesNotMatch(resumed.stdout, /h1 2\.1 first/);
  assert.match(runCli(['runs'], { cwd: dir }).stdout, /ok$/m);
});

test('a run whose runbook changed since is not resumed (exit 1)', async () => {
  const dir = setUp();
  await killWhen(dir, /h1 2\.3 second … changed/);
  const [id] = readdirSync(join(dir, '.runbook', 'runs'));
  writeFiles(dir, { 'roll.yml': ROLL.replace('sleep, "0.3"', 'sleep, "0.2"') });
  const refused = runCli(['exec', '--resume', id!], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /cannot be resumed: the runbook \(or a file it includes\) changed since it started/);
});
