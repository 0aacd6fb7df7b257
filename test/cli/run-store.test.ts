import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, openSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const HOSTS = ['h1', 'h2'];

/**
 * Step 3 reads a FIFO in each host's home: the test opening its other end knows the step runs
 * there, and the step cannot end before the test lets it. Step 1 registers a token (no_log) that
 * no run can guess again (the shell's pid); steps 2 and 4 count how often they ran.
 */
function runbook(waitIsIdempotent: boolean): string {
  return `runbook: store
hosts: all
steps:
  - name: token
    command: [sh, -c, "echo tok-$$-{{ inventory_hostname }}"]
    register: token
    no_log: true
  - name: write
    command: [sh, -c, "echo '{{ token.stdout }}' > now; echo x >> count-write"]
    rollback: { command: [sh, -c, "cp before now; echo '{{ token.stdout }}' > undone-with"] }
  - name: wait
    command: [sh, -c, "cat release >/dev/null; echo x >> count-wait"]${waitIsIdempotent ? '\n    idempotent: true' : ''}
  - name: after
    command: [sh, -c, "echo '{{ token.stdout }}' > seen; echo x >> count-after"]
`;
}

function project(waitIsIdempotent = false) {
  const dir = tempDir();
  for (const h of HOSTS) {
    mkdirSync(join(dir, h));
    writeFileSync(join(dir, h, 'before'), 'as before\n');
    writeFileSync(join(dir, h, 'now'), 'as before\n');
    spawnSync('mkfifo', [join(dir, h, 'release')]);
  }
  writeFiles(dir, {
    'inventory.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n${HOSTS.map((h) => `    ${h}: { runbook_home: ${join(dir, h)} }`).join('\n')}\n`,
    'store.yml': runbook(waitIsIdempotent),
    'quick.yml': 'runbook: quick\nhosts: all\nsteps:\n  - command: [touch, quick]\n',
  });
  return dir;
}

function start(dir: string, args: readonly string[]) {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args, '--output', 'plain'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let text = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d: Buffer) => { text += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => text };
}

/**
 * Resolves once step 3 runs on every host: the FIFO has a reader, so opening its other end without
 * blocking succeeds (a blocking open would hold one of libuv's few threads). The descriptors let
 * the step end. Fails if the run ends first.
 */
async function waitRunning(dir: string, run: ReturnType<typeof start>): Promise<number[]> {
  let hasEnded = false;
  void run.exited.then(() => { hasEnded = true; });
  const fds: number[] = [];
  for (const host of HOSTS) {
    for (;;) {
      try {
        fds.push(openSync(join(dir, host, 'release'), constants.O_WRONLY | constants.O_NONBLOCK));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
        if (hasEnded) throw new Error(`the run ended before step 3 ran on ${host}:\n${run.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }
  return fds;
}

async function letEnd(fds: readonly number[]): Promise<void> {
  for (const fd of fds) closeSync(fd);
}

/** Kills the controller with SIGKILL while step 3 runs on every host; the orphaned step ends, the FIFO becomes a file. */
async function killWhileWaiting(dir: string): Promise<string> {
  const run = start(dir, ['exec', 'store.yml', '-i', 'inventory.yml']);
  const handles = await waitRunning(dir, run);
  run.child.kill('SIGKILL');
  await run.exited;
  await letEnd(handles);
  for (const h of HOSTS) {
    rmSync(join(dir, h, 'release'));
    writeFileSync(join(dir, h, 'release'), '');
  }
  return readdirSync(join(dir, '.runbook', 'runs'))[0]!;
}

const cli = (dir: string, ...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);
const journal = (dir: string, id: string) => readFileSync(join(dir, '.runbook', 'runs', id, 'journal.jsonl'), 'utf8')
  .trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('a second exec on the same hosts is refused (exit 1), naming the run that holds them', async () => {
  const dir = project();
  const first = start(dir, ['exec', 'store.yml', '-i', 'inventory.yml']);
  const handles = await waitRunning(dir, first);
  const second = cli(dir, 'exec', 'quick.yml', '-i', 'inventory.yml');
  const listed = cli(dir, 'runs').stdout;
  await letEnd(handles);
  assert.equal(await first.exited, 0, first.output());
  const [id] = readdirSync(join(dir, '.runbook', 'runs'));
  assert.equal(second.status, 1, second.stderr);
  assert.match(second.stderr, new RegExp(`host h1 is in use by run ${id} \\(pid \\d+ on `));
  assert.equal(existsSync(join(dir, 'h1', 'quick')), false);
  assert.deepEqual(readdirSync(join(dir, '.runbook', 'runs')), [id], 'the refused run left no run folder');
  assert.match(listed, /store {2}2 host\(s\) {2}running$/m);
});

test('--break-lock REASON takes the hosts from a live run and writes the reason to the journal', async () => {
  const dir = project();
  const first = start(dir, ['exec', 'store.yml', '-i', 'inventory.yml']);
  const handles = await waitRunning(dir, first);
  const second = cli(dir, 'exec', 'quick.yml', '-i', 'inventory.yml', '--break-lock', 'the first run is stuck');
  await letEnd(handles);
  await first.exited;
  assert.equal(second.status, 0, second.stderr);
  const id = readdirSync(join(dir, '.runbook', 'runs')).find((r) => r.includes('-quick-'))!;
  const startEvent = journal(dir, id).find((e) => e.type === 'run-start') as { lockBroken?: { reason: string } };
  assert.equal(startEvent.lockBroken?.reason, 'the first run is stuck');
});

test('after SIGKILL, --resume re-runs the idempotent step in flight, runs every other step once per host, and restores a no_log register exactly', async () => {
  const dir = project(true);
  const id = await killWhileWaiting(dir);
  const resumed = cli(dir, 'exec', '--resume', id);
  assert.equal(resumed.status, 0, resumed.stdout + resumed.stderr);
  for (const h of HOSTS) {
    const token = readFileSync(join(dir, h, 'now'), 'utf8');
    assert.match(token, new RegExp(`^tok-\\d+-${h}\\n$`));
    assert.equal(readFileSync(join(dir, h, 'seen'), 'utf8'), token, `${h}: step 4 saw the no_log value step 1 registered`);
    assert.deepEqual([lines(join(dir, h, 'count-write')), lines(join(dir, h, 'count-after'))], [1, 1], h);
  }
  const events = journal(dir, id);
  assert.deepEqual(events.filter((e) => e.type === 'step-interrupted').map((e) => `${e.host} ${e.id} ${e.rerun}`).sort(), ['h1 3 true', 'h2 3 true']);
  const registered = events.filter((e) => e.type === 'step-end' && e.id === '1');
  assert.doesNotMatch(JSON.stringify(registered), /tok-\d+/, 'the no_log step\'s result is masked in the journal');
  assert.equal(statSync(join(dir, '.runbook', 'runs', id, 'registered.json')).mode & 0o777, 0o600);
});

test('--resume refuses (exit 1) a step the controller died in that is not idempotent, naming it and the host; --rerun-interrupted runs it', async () => {
  const dir = project(false);
  const id = await killWhileWaiting(dir);
  const refused = cli(dir, 'exec', '--resume', id);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /the controller died while step 3 "wait" on h\d, step 3 "wait" on h\d ran/);
  assert.match(refused.stderr, /--rerun-interrupted/);
  const rerun = cli(dir, 'exec', '--resume', id, '--rerun-interrupted');
  assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
  for (const h of HOSTS) assert.equal(lines(join(dir, h, 'count-after')), 1, h);
});

test('runbook rollback RUN after a killed run runs the undos owed and brings the files back; runs says rolled back', async () => {
  const dir = project();
  const id = await killWhileWaiting(dir);
  assert.match(cli(dir, 'runs').stdout, /interrupted \(the controller stopped: no run-end\)$/m);
  assert.match(cli(dir, 'show', id).stdout, /h1: last step 3 "wait" \(running\)\n {4}owes 1 undo\(s\): 2: sh -c 'cp before now; echo/);
  const tokens = HOSTS.map((h) => readFileSync(join(dir, h, 'now'), 'utf8'));
  const rolled = cli(dir, 'rollback', id);
  assert.equal(rolled.status, 0, rolled.stdout + rolled.stderr);
  for (const h of HOSTS) assert.equal(readFileSync(join(dir, h, 'now'), 'utf8'), 'as before\n', h);
  assert.deepEqual(HOSTS.map((h) => readFileSync(join(dir, h, 'undone-with'), 'utf8')), tokens, 'the undo saw the no_log value its step saw');
  assert.match(rolled.stdout, /h1 +rolled-back/);
  assert.ok(journal(dir, id).some((e) => e.type === 'run-start' && e.segment === 'rollback'));
  assert.match(cli(dir, 'runs').stdout, /rolled back \(exit 0\)$/m, 'the rollback did what was asked');
});

test('two --resume of one run: the second is refused while the first runs', async () => {
  const dir = project(true);
  const id = await killWhileWaiting(dir);
  for (const h of HOSTS) {
    rmSync(join(dir, h, 'release'));
    spawnSync('mkfifo', [join(dir, h, 'release')]);
  }
  const first = start(dir, ['exec', '--resume', id]);
  const handles = await waitRunning(dir, first);
  const second = cli(dir, 'exec', '--resume', id);
  await letEnd(handles);
  assert.equal(await first.exited, 0, first.output());
  assert.equal(second.status, 1);
  assert.match(second.stderr, new RegExp(`run ${id} is being run by run ${id} \\(pid \\d+`));
});

test('a run id that is a path is refused by show, --resume, approve and rollback (exit 5)', () => {
  const dir = project();
  for (const args of [['show', '../../elsewhere/r1'], ['exec', '--resume', '../r1'], ['approve', 'a/b'], ['rollback', '..']]) {
    const result = cli(dir, ...args);
    assert.equal(result.status, 5, args.join(' '));
    assert.match(result.stderr, /is not a run id: a run id is one name/);
  }
});

test('run folders are 0700 and their files 0600, files that were looser before included', () => {
  const dir = project();
  for (const h of HOSTS) {
    rmSync(join(dir, h, 'release'));
    writeFileSync(join(dir, h, 'release'), '');
  }
  assert.equal(cli(dir, 'exec', 'store.yml', '-i', 'inventory.yml').status, 0);
  const [id] = readdirSync(join(dir, '.runbook', 'runs'));
  const runDir = join(dir, '.runbook', 'runs', id!);
  chmodSync(runDir, 0o755);
  chmodSync(join(runDir, 'journal.jsonl'), 0o644);
  cli(dir, 'exec', '--resume', id!);
  for (const d of [join(dir, '.runbook'), join(dir, '.runbook', 'runs'), runDir, join(dir, '.runbook', 'leases')]) assert.equal(statSync(d).mode & 0o777, 0o700, d);
  for (const f of readdirSync(runDir)) assert.equal(statSync(join(runDir, f)).mode & 0o777, 0o600, f);
});

test('--resume refuses (exit 1) a run whose -e @file changed since, naming the file, and keeps the -e values in run.json', () => {
  const dir = project();
  writeFiles(dir, { 'vars.yml': 'marker: one\n', 'v.yml': 'runbook: v\nhosts: all\nvars: { marker: x }\nsteps:\n  - command: [touch, "{{ marker }}"]\n' });
  assert.equal(cli(dir, 'exec', 'v.yml', '-i', 'inventory.yml', '-e', '@vars.yml').status, 0);
  const [id] = readdirSync(join(dir, '.runbook', 'runs'));
  assert.deepEqual(JSON.parse(readFileSync(join(dir, '.runbook', 'runs', id!, 'run.json'), 'utf8')).extraVars, { marker: 'one' });
  writeFiles(dir, { 'vars.yml': 'marker: two\n' });
  const refused = cli(dir, 'exec', '--resume', id!);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /cannot be resumed: the -e file vars\.yml changed since it started/);
});
