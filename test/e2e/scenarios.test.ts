import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { snapshotHost } from '../helpers/host-files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

/**
 * `runbook test` on the project's own scenarios (scenarios/), each on a simulated twin of its own, from a folder that
 * holds a copy of them: the runbooks are found as `runbook exec` finds them, and that folder must not change.
 */
const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

function runTest(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'test', ...args], { cwd, encoding: 'utf8', timeout: 1_500_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function folderWithScenarios(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scenarios-e2e-'));
  dirs.push(dir);
  cpSync(join(PROJECT_ROOT, 'scenarios'), join(dir, 'scenarios'), { recursive: true });
  return dir;
}

test('the shipped scenarios all pass, a line each, and the folder they run from is left as it was', () => {
  const dir = folderWithScenarios();
  const files = snapshotHost(dir);
  const { status, stdout, stderr } = runTest(dir, '--jobs', '2');
  assert.equal(status, 0, `${stdout}\n${stderr}`);
  const lines = stdout.trim().split('\n');
  assert.deepEqual(lines.map((l) => l.replace(/ \(scenarios\/.*$/, '')).sort(), [
    'pass upgrade-standard 0.9.0 → 0.10.1',
    'pass upgrade-standard 0.9.0 → 0.10.1, peer2 never READY on 0.10.1',
    'pass upgrade-rolling 1.0.8 → 1.1.6 on 3 CRDT peers',
    '3 passed, 0 failed',
  ].sort());
  assert.match(stdout, /^pass upgrade-standard 0\.9\.0 → 0\.10\.1 \(scenarios\/upgrade-standard\.yml, \d+ s\)$/m);
  assert.deepEqual([...snapshotHost(dir)], [...files], 'runbook test wrote into the folder it ran from');
  assert.deepEqual(readdirSync(dir), ['scenarios']);
});

test('a scenario whose expectation is wrong fails, naming what was expected and what was seen; exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenarios-e2e-'));
  dirs.push(dir);
  const text = readFileSync(join(PROJECT_ROOT, 'scenarios', 'upgrade-standard-never-ready.yml'), 'utf8');
  assert.match(text, /^ {2}exit: 2$/m);
  writeFileSync(join(dir, 'wrong.yml'), text.replace(/^ {2}exit: 2$/m, '  exit: 0'));
  const { status, stdout, stderr } = runTest(PROJECT_ROOT, join(dir, 'wrong.yml'));
  assert.equal(status, 2, `${stdout}\n${stderr}`);
  assert.match(stdout, /^FAIL upgrade-standard 0\.9\.0 → 0\.10\.1, peer2 never READY on 0\.10\.1 \(.*wrong\.yml, \d+ s\): exit: expected exit 0; saw exit 2$/m);
  assert.match(stdout, /^0 passed, 1 failed$/m);
});
