import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../engine/core/index.js';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

/**
 * Step 2 reads a FIFO: opening its other end tells the test that the step is running, and the step
 * cannot end before the test writes to it; so the interrupt always lands while the step runs.
 */
function project() {
  const dir = tempDir();
  const home = join(dir, 'p1');
  mkdirSync(home);
  spawnSync('mkfifo', [join(home, 'release')]);
  writeFiles(dir, {
    'inventory.yml': `all:\n  hosts:\n    p1: { ansible_connection: local, runbook_home: ${home} }\n`,
    'slow.yml': 'runbook: slow\nhosts: all\nsteps:\n  - name: prepare\n    command: [touch, prepared]\n    rollback: { command: [touch, undone] }\n'
      + '  - name: long\n    command: [sh, -c, "cat release; touch first-done"]\n  - name: next\n    command: [touch, second]\n',
  });
  return { dir, home, stepRunning: () => open(join(home, 'release'), 'w') };
}

function watch(child: ChildProcess) {
  let text = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d: Buffer) => { text += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (pattern: RegExp) => new Promise<void>((resolve) => {
    const check = () => pattern.test(text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')) && resolve();
    check();
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', check);
  });
  return { exited, line, output: () => text };
}

function execIn(dir: string, extra: readonly string[] = []) {
  const child = spawn(process.execPath, [CLI, 'exec', 'slow.yml', '-i', 'inventory.yml', ...extra], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  return { child, ...watch(child) };
}

/** Runs slow.yml, interrupts it (SIGINT) while its long step runs, lets that step end, and waits for exit 99. */
async function interruptedRun(p: ReturnType<typeof project>) {
  const run = execIn(p.dir, ['--output', 'plain']);
  const release = await p.stepRunning();
  run.child.kill('SIGINT');
  await run.line(/interrupted \(SIGINT\)/);
  await release.writeFile('go\n');
  await release.close();
  assert.equal(await run.exited, 99, run.output());
  return run;
}

function journalOf(dir: string): { type: string; exitCode?: number; status?: string; recap?: { host: string; outcome: string }[] }[] {
  const runs = join(dir, '.runbook', 'runs');
  return readFileSync(join(runs, readdirSync(runs).at(-1)!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

function assertStoppedAfterLong(p: { dir: string; home: string }): void {
  assert.equal(existsSync(join(p.home, 'first-done')), true, 'the running step ended');
  assert.equal(existsSync(join(p.home, 'second')), false, 'the next step never started');
  const ends = journalOf(p.dir).filter((e) => e.type === 'run-end');
  assert.deepEqual(ends.map((e) => e.exitCode), [99]);
  // the host was fine, but the run never reached its end on it: not `ok`
  assert.deepEqual(ends[0]?.recap?.map((r) => [r.host, r.outcome]), [['p1', 'interrupted']]);
}

/** The last words of an interrupted run: how to go on, and how to undo, with the run's own id. */
function assertSaysHowToGoOn(written: string): void {
  const output = written.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const id = /run (\d{8}-\d{6}-slow-[0-9a-f]{4})/.exec(output)?.[1];
  assert.ok(id, output);
  assert.match(output, new RegExp(`interrupted: run ${id} stopped before its end\\s+hint: \`runbook exec --resume ${id}\` goes on `
    + `\\(owed undos first\\); \`runbook rollback ${id}\` undoes what it did`));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} with --output plain lets the running step end, starts nothing new, writes the journal and exits 99`, async () => {
    const p = project();
    const run = execIn(p.dir, ['--output', 'plain']);
    const release = await p.stepRunning();
    run.child.kill(signal);
    await run.line(new RegExp(`interrupted \\(${signal}\\): no new step starts`));
    await release.writeFile('go\n');
    await release.close();
    assert.equal(await run.exited, 99, run.output());
    assertStoppedAfterLong(p);
    assertSaysHowToGoOn(run.output());
    assert.match(run.output(), /^p1\s+interrupted\s+ok=2 changed=2 failed=0/m);
  });
}

test('Ctrl-C in the live view on a terminal lets the running step end, starts nothing new, writes the journal and exits 99', async () => {
  const p = project();
  const env = { ...process.env };
  delete env.CI;
  const command = `stty cols 120 rows 40; exec ${shellQuote(process.execPath)} ${shellQuote(CLI)} exec slow.yml -i inventory.yml`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: p.dir, env });
  const run = watch(child);
  const release = await p.stepRunning();
  await run.line(/2 long: … p1/);
  child.stdin.write('\x03');
  await run.line(/interrupted \(SIGINT\): no new step starts/);
  await release.writeFile('go\n');
  await release.close();
  assert.equal(await run.exited, 99, run.output());
  assertStoppedAfterLong(p);
  assert.match(run.output(), /run \d{8}-\d{6}-slow-[0-9a-f]{4}: slow on 1 host\(s\)/);
  assertSaysHowToGoOn(run.output());
});

test('the same Ctrl-C twice at once (npm forwards it to its child) counts once: the running step is not killed', async () => {
  const p = project();
  const run = execIn(p.dir, ['--output', 'plain']);
  const release = await p.stepRunning();
  run.child.kill('SIGINT');
  run.child.kill('SIGINT');
  await run.line(/interrupted \(SIGINT\)/);
  await release.writeFile('go\n');
  await release.close();
  assert.equal(await run.exited, 99, run.output());
  assert.doesNotMatch(run.output(), /interrupted again/);
  assertStoppedAfterLong(p);
});

test('a second Ctrl-C says it kills the running steps\' process groups, kills them, runs the undo hooks and exits 99', async () => {
  const p = project();
  const run = execIn(p.dir, ['--output', 'plain']);
  const release = await p.stepRunning();
  run.child.kill('SIGINT');
  await run.line(/interrupted \(SIGINT\)/);
  // a repeat within half a second is taken as the same Ctrl-C (see the test above): this one comes later
  await new Promise((resolve) => setTimeout(resolve, 600));
  run.child.kill('SIGINT');
  assert.equal(await run.exited, 99, run.output());
  await release.close();
  assert.match(run.output(), /interrupted again \(SIGINT\): killing the running steps' process groups/);
  assert.equal(existsSync(join(p.home, 'first-done')), false);
  assert.equal(existsSync(join(p.home, 'undone')), true);
  const journal = journalOf(p.dir);
  assert.deepEqual(journal.filter((e) => e.type === 'undo').map((e) => e.status), ['ok']);
  assert.equal(journal.at(-1)?.type, 'run-end');
});

test('a run interrupted while every host was ok is resumed: the steps it did not start run', async () => {
  const p = project();
  await interruptedRun(p);
  const [id] = readdirSync(join(p.dir, '.runbook', 'runs'));
  const resumed = runCli(['exec', '--resume', id!, '--output', 'plain'], { cwd: p.dir, env: { NO_COLOR: '1' } });
  assert.equal(resumed.status, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stdout, /p1 3 next … changed/);
  assert.doesNotMatch(resumed.stdout, /p1 2 long/);
  assert.equal(existsSync(join(p.home, 'second')), true);
  assert.match(resumed.stdout, /^p1\s+ok\s+ok=1 changed=1/m);
  const show = runCli(['show', id!], { cwd: p.dir, env: { NO_COLOR: '1' } });
  assert.match(show.stdout, /^p1\s+ok\s+ok=3 changed=3/m, show.stdout);
});

test('after an interrupt the recap says interrupted for a host the run was working on, and not-run for one it never reached', async () => {
  const p = project();
  mkdirSync(join(p.dir, 'p2'));
  writeFiles(p.dir, {
    'inventory.yml': `all:\n  hosts:\n    p1: { ansible_connection: local, runbook_home: ${p.home} }\n    p2: { ansible_connection: local, runbook_home: ${join(p.dir, 'p2')} }\n`,
    'slow.yml': 'runbook: slow\nhosts: all\nsteps:\n  - name: one at a time\n    serial: 1\n    steps:\n      - name: long\n        command: [sh, -c, "cat release; touch first-done"]\n',
  });
  const run = await interruptedRun(p);
  assert.match(run.output(), /^p1\s+interrupted\s+ok=1 changed=1/m);
  assert.match(run.output(), /^p2\s+not-run\s+ok=0 changed=0/m);
  assert.equal(existsSync(join(p.dir, 'p2', 'first-done')), false);
});
