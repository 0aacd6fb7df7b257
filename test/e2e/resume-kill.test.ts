import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { downCluster } from '../../sim/cluster.js';
import { CLI, runCli } from '../helpers/cli.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

/**
 * Kills the controller with SIGKILL at a step boundary of upgrade-standard (0.9.0 → 0.10.1 on 3
 * peers) and resumes the run until it ends: every peer must end at the target version with every
 * pin, and no step that changes something may end twice on a host.
 *
 * A boundary K is the K-th step-end line (ok or changed) of the plain output. The 3 peers run each
 * step at once, so at most boundaries the other peers are still in the step: resume then refuses
 * (the step is not idempotent) and the test resumes again with --rerun-interrupted.
 *
 * A 0.9.0 → 0.10.1 run prints 63 such lines: 1–15 preflight 1.1–1.5, 16–18 1.8, 19–24 steps 2
 * and 3, 25–27 4.1 stop, 28–39 4.2.x backup, 40–42 4.3 install, 43–45 4.5 start, 46–48 4.6 wait,
 * 49–63 4.7.x verify. CI runs a sample; `npm run test:resume-kill` (RESUME_KILL_ALL=1) runs all 63.
 */
const ALL_BOUNDARIES = 63;
// 1.2 (preflight); 4.3 install (one peer done, two in flight: refused, then --rerun-interrupted); 4.5 start (one peer
// done, two starts in flight that outlive the controller: 4.5 is idempotent, the rerun waits for them); 4.7.4 (verify)
const SAMPLE = [4, 41, 44, 60];
// RESUME_KILL_BOUNDARIES=25,26,27 runs the boundaries named (to reproduce one); RESUME_KILL_ALL=1 runs every one
const BOUNDARIES = process.env.RESUME_KILL_BOUNDARIES ? process.env.RESUME_KILL_BOUNDARIES.split(',').map(Number)
  : process.env.RESUME_KILL_ALL === '1' ? Array.from({ length: ALL_BOUNDARIES }, (_, i) => i + 1) : SAMPLE;

const STEP_END = /^\S+ peer\d \S+ .* … (ok|changed)/gm;
const TARGET = '0.10.1';
// the steps of upgrade-standard that change a peer: each must end exactly once per host, whatever the kill
const CHANGING = ['4.1', '4.2.1', '4.2.2', '4.3', '4.5'];

interface Event { type: string; host?: string; id?: string; name?: string; status?: string; readOnly?: boolean; segment?: string }

function pinset(cluster: TestCluster, host: string): string[] {
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

function versions(cluster: TestCluster): string[] {
  return cluster.hosts.map((h) => cluster.service(h.name, ['--version']).stdout.trim());
}

function journal(cluster: TestCluster, id: string): Event[] {
  return readFileSync(join(cluster.dir, '.runbook', 'runs', id, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Event);
}

/** The steps started but not ended in the journal's last segment, as `step ID "NAME" on HOST`. */
function inFlight(events: readonly Event[]): string[] {
  const last = events.map((e) => e.type).lastIndexOf('run-start');
  const open = new Map<string, Event>();
  for (const e of events.slice(last)) {
    const key = `${e.host} ${e.id}`;
    if (e.type === 'step-start') open.set(key, e);
    if (e.type === 'step-end' || e.type === 'step-interrupted') open.delete(key);
  }
  return [...open.values()].map((e) => `step ${e.id} "${e.name}" on ${e.host}`);
}

/** Starts `exec upgrade-standard` and SIGKILLs it once the k-th step-end line is printed; returns its output. */
async function killAtBoundary(cluster: TestCluster, k: number): Promise<string> {
  const child = spawn(process.execPath, [CLI, 'exec', 'upgrade-standard', '-i', cluster.inventory, '-e', `target_version=${TARGET}`,
    '-e', 'min_wait_for_leader_timeout=3', '--output', 'plain'], { cwd: cluster.dir, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if ((out.match(STEP_END)?.length ?? 0) >= k && child.exitCode === null && !child.killed) child.kill('SIGKILL');
  });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  await exited;
  assert.ok(child.killed, `the run ended before step-end line ${k}:\n${out}`);
  return out;
}

for (const k of BOUNDARIES) {
  test(`SIGKILL at step-end line ${k} of upgrade-standard, then --resume: target version, every pin, each changing step ended once per host`, async (t) => {
    const cluster = await startCluster({ peers: 3, version: '0.9.0' });
    try {
      const before = pinset(cluster, 'peer1');
      const killedOutput = await killAtBoundary(cluster, k);
      const boundary = killedOutput.match(STEP_END)![k - 1]!;
      const [id] = readdirSync(join(cluster.dir, '.runbook', 'runs'));
      // at the last boundary the controller may write run-end before the SIGKILL lands: then resume has nothing to do
      const endedBeforeKill = journal(cluster, id!).some((e) => e.type === 'run-end');
      let rerun = false;
      let last = { status: null as number | null, stdout: '', stderr: '' };
      for (let attempt = 1; attempt <= 3; attempt++) {
        const flying = inFlight(journal(cluster, id!));
        last = runCli(['exec', '--resume', id!, '--output', 'plain', ...(rerun ? ['--rerun-interrupted'] : [])], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
        if (last.status === 0) break;
        if (!rerun && /the controller died while/.test(last.stderr)) {
          // the refusal names each step that was in flight on each host
          assert.ok(flying.length > 0, `refused for a step in flight, but the journal shows none:\n${last.stderr}`);
          for (const step of flying) assert.ok(last.stderr.includes(step), `the refusal names ${step}:\n${last.stderr}`);
          assert.match(last.stderr, /--rerun-interrupted/);
          rerun = true;
        }
      }
      t.diagnostic(`killed at «${boundary}»${endedBeforeKill ? ' (the run had ended before the kill landed)' : ''}; ${rerun ? 'resume refused a step in flight, resumed with --rerun-interrupted' : 'resumed without --rerun-interrupted'}`);
      assert.equal(last.status, 0, `killed at «${boundary}»; last resume:\n${last.stdout}${last.stderr}`);
      assert.deepEqual(versions(cluster), Array(3).fill(`ipfs-cluster-service version ${TARGET}`), `killed at «${boundary}»`);
      for (const host of ['peer1', 'peer2', 'peer3']) assert.deepEqual(pinset(cluster, host), before, `${host}, killed at «${boundary}»`);

      const events = journal(cluster, id!);
      if (!endedBeforeKill) assert.ok(events.filter((e) => e.type === 'run-start').length >= 2, 'the run was resumed in a segment of its own');
      const ends = events.filter((e) => e.type === 'step-end' && (e.status === 'ok' || e.status === 'changed'));
      const changing = new Set([...CHANGING, ...ends.filter((e) => e.status === 'changed' && e.readOnly !== true).map((e) => e.id!)]);
      for (const host of ['peer1', 'peer2', 'peer3']) {
        for (const step of changing) {
          const count = ends.filter((e) => e.host === host && e.id === step).length;
          if (CHANGING.includes(step)) assert.equal(count, 1, `step ${step} on ${host} ended ${count} time(s), killed at «${boundary}»`);
          else assert.ok(count <= 1, `step ${step} on ${host} ended ${count} times, killed at «${boundary}»`);
        }
      }
    } finally {
      downCluster(cluster.dir);
    }
  });
}
