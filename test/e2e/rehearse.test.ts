import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { fileChanges, snapshotHosts } from '../helpers/host-files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { startCluster, type TestCluster } from '../helpers/sim-cluster.js';

/**
 * `runbook rehearse` on a simulated 3-peer cluster at 0.9.0, narrowed to peer2 and two faults (the whole matrix is
 * run by hand: README "Rehearsing an upgrade"). The rehearsal only reads the real cluster: its files must not change.
 */
interface Report {
  baseline: { record: { verdict: string } };
  cells: { cell: { id: string }; verdict: string; difference?: { peer: string | null; check: string; lost: string } }[];
  failures: string[];
}

function rehearse(cluster: TestCluster, runbook: string, ...extra: string[]): { status: number | null; report: Report; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'rehearse', runbook, '-i', cluster.inventory, '-e', 'target_version=0.10.1',
    '-e', 'min_wait_for_leader_timeout=3', '--peers', 'peer2', '--faults', 'install-fails,never-ready', '--jobs', '1', '--format', 'json', ...extra],
  { cwd: cluster.dir, encoding: 'utf8', timeout: 1_500_000 });
  assert.ok(result.stdout, `no report (exit ${result.status}):\n${result.stderr}`);
  return { status: result.status, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

function versions(cluster: TestCluster): string[] {
  return cluster.hosts.map((h) => cluster.service(h.name, ['--version']).stdout.trim());
}

test('the shipped upgrade-standard 0.9.0 → 0.10.1: the baseline and every cell pass, and the real cluster is only read', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const files = snapshotHosts(cluster.hosts);
  const { status, report, stderr } = rehearse(cluster, join(PROJECT_ROOT, 'runbooks', 'upgrade-standard.yml'));
  assert.equal(status, 0, `${stderr}\n${report.failures.join('\n')}`);
  assert.equal(report.baseline.record.verdict, 'pass');
  assert.deepEqual(report.cells.map((c) => [c.cell.id, c.verdict]), [['4.3 install-fails@0.10.1 peer2', 'pass'], ['4.5 never-ready@0.10.1 peer2', 'pass']]);
  assert.match(stderr, /^\[2\/2\] 4\.5 never-ready@0\.10\.1 peer2: pass/m);
  assert.deepEqual(fileChanges(files, snapshotHosts(cluster.hosts)), []);
  assert.deepEqual(versions(cluster), Array(3).fill('ipfs-cluster-service version 0.9.0'));
});

test('a copy of upgrade-standard whose install has no "Put the old binaries back": both cells fail, naming the step, the peer and the binaries lost', async () => {
  const cluster = await startCluster({ peers: 3, version: '0.9.0' });
  const copy = mkdtempSync(join(tmpdir(), 'rehearse-broken-'));
  after(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(join(PROJECT_ROOT, 'runbooks'), copy, { recursive: true });
  const file = join(copy, 'upgrade-standard.yml');
  const hook = /\n *- name: Put the old binaries back\n *command: .*\n/;
  assert.match(readFileSync(file, 'utf8'), hook);
  writeFileSync(file, readFileSync(file, 'utf8').replace(hook, '\n'));
  const { status, report } = rehearse(cluster, file);
  assert.equal(status, 2);
  assert.equal(report.baseline.record.verdict, 'pass');
  const [install, start] = report.cells;
  // peer2's own install failed, so it went back to 0.9.0; the others kept the binaries nothing put back
  assert.deepEqual([install!.cell.id, install!.verdict, install!.difference?.check], ['4.3 install-fails@0.10.1 peer2', 'fail', 'one-version']);
  assert.match(install!.difference!.lost, /^its 0\.9\.0 binaries: it runs 0\.10\.1 while peer2 run 0\.9\.0/);
  assert.deepEqual([start!.cell.id, start!.verdict, start!.difference?.check], ['4.5 never-ready@0.10.1 peer2', 'fail', 'reported']);
  assert.match(start!.difference!.lost, /^its 0\.9\.0 binaries: it runs 0\.10\.1 \(exec exited 2\)/);
  assert.match(report.failures[0]!, /^step 4\.3 "Install the new binaries", install-fails@0\.10\.1 on peer2: peer1 lost its 0\.9\.0 binaries/);
});
