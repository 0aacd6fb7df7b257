import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../engine/core/index.js';
import { CLI, runCli, runIds } from '../helpers/cli.js';
import { fileChanges, ROLLBACK_MAY_CHANGE, snapshotHosts, unexpectedChanges } from '../helpers/host-files.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

/**
 * Ctrl-C in the live view (on a terminal, through `script`) while upgrade-standard starts the new daemons: the run
 * exits 99 with the peers upgraded part way; `runbook rollback RUN` then runs the undo hooks the run's steps left and
 * every peer is back where it was: old version, whole peerset, every pin, and no file changed but the state and backup.
 */
function pinset(cluster: TestCluster, host: string): string[] {
  return [...cluster.ctl(host, ['--enc', 'json', 'pin', 'ls']).matchAll(/"(Qm\w+)"/g)].map((m) => m[1]!).sort();
}

const version = (cluster: TestCluster, host: string) => cluster.service(host, ['--version']).stdout.trim();
const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** Runs the upgrade in the live view and presses Ctrl-C once `interruptAt` shows; resolves with its exit code and output. */
async function upgradeInterrupted(cluster: TestCluster, interruptAt: RegExp): Promise<{ code: number | null; output: string }> {
  const env = { ...process.env };
  delete env.CI;
  const argv = [process.execPath, CLI, 'exec', 'upgrade-standard', '-i', cluster.inventory, '-e', 'target_version=0.10.1', '-e', 'min_wait_for_leader_timeout=3'];
  const child = spawn('script', ['-qec', `stty cols 120 rows 60; exec ${argv.map(shellQuote).join(' ')}`, '/dev/null'], { cwd: cluster.dir, env });
  let output = '';
  let isPressed = false;
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    if (!isPressed && interruptAt.test(plain(output))) { isPressed = true; child.stdin.write('\x03'); }
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.ok(isPressed, `the live view never showed ${interruptAt}:\n${plain(output)}`);
  return { code, output: plain(output) };
}

test('Ctrl-C in the live view while the new daemons start exits 99; runbook rollback then brings every peer back', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const before = pinset(cluster, 'peer1');
  const files = snapshotHosts(cluster.hosts);
  const interrupted = await upgradeInterrupted(cluster, /Start with --upgrade/);
  const [id, ...others] = runIds(cluster.dir);
  assert.deepEqual(others, []);
  assert.equal(interrupted.code, 99, interrupted.output);
  assert.match(interrupted.output, /interrupted \(SIGINT\): no new step starts/);
  const upgraded = cluster.hosts.map((h) => version(cluster, h.name));
  assert.ok(upgraded.includes('ipfs-cluster-service version 0.10.1'), `the run stopped after the new binaries went in: ${upgraded}`);

  const rollback = runCli(['rollback', id!, '--output', 'plain'], { cwd: cluster.dir, env: { NO_COLOR: '1' } });
  assert.equal(rollback.status, 0, rollback.stdout + rollback.stderr);
  for (const host of ['peer1', 'peer2', 'peer3']) {
    assert.equal(version(cluster, host), 'ipfs-cluster-service version 0.9.0', host);
    assert.match(cluster.ctl(host, ['peers', 'ls']), /Sees 2 other peers/, host);
    assert.deepEqual(pinset(cluster, host), before, host);
  }
  const changes = fileChanges(files, snapshotHosts(cluster.hosts));
  assert.deepEqual(unexpectedChanges(changes, ROLLBACK_MAY_CHANGE), []);
  const journal = readFileSync(join(cluster.dir, '.runbook', 'runs', id!, 'journal.jsonl'), 'utf8');
  assert.match(runCli(['runs'], { cwd: cluster.dir, env: { NO_COLOR: '1' } }).stdout, new RegExp(`^${id} .* rolled back \\(exit 0\\)$`, 'm'), journal);
});
