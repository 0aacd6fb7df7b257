import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

function rehearse(...args: string[]) {
  return runCli(['rehearse', 'upgrade-standard', ...args], { cwd: PROJECT_ROOT, env: { NO_COLOR: '1' } });
}

test('rehearse without an inventory is a usage error (exit 5) with a hint', () => {
  const result = rehearse('-e', 'target_version=0.10.1');
  assert.equal(result.status, 5);
  assert.match(result.stderr, /no inventory given[\s\S]*hint: use -i FILE/);
});

test('an unknown fault is refused before the cluster is read, listing the known ones', () => {
  const result = rehearse('-i', 'no-such-inventory.yml', '-e', 'target_version=0.10.1', '--faults', 'never-ready,disk-ful');
  assert.equal(result.status, 5);
  assert.match(result.stderr, /--faults: unknown disk-ful[\s\S]*hint: the faults are install-fails, never-ready, crash-at-start, disk-full, unreachable, controller-killed/);
});

test('--jobs and --budget take a whole number and a duration', () => {
  assert.match(rehearse('-i', 'x', '--jobs', '0').stderr, /--jobs 0: expected a whole number of at least 1/);
  assert.match(rehearse('-i', 'x', '--budget', 'soon').stderr, /--budget soon: expected a duration such as 10m/);
});

test('an -e the runbook does not declare is refused before the cluster is read', () => {
  const result = rehearse('-i', 'no-such-inventory.yml', '-e', 'target_versoin=0.10.1');
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /target_versoin/);
});
