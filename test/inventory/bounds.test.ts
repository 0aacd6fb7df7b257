import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError, type Diagnostic } from '../../engine/core/index.js';
import { loadInventory } from '../../engine/inventory/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

/** The diagnostics loadInventory throws for these sources. */
function problemsOf(specs: readonly string[], maxHosts?: number): readonly Diagnostic[] {
  try {
    loadInventory(specs, process.cwd(), { maxHosts });
  } catch (error) {
    assert.ok(error instanceof EngineError && error.kind === 'invalid-input', String(error));
    return error.diagnostics;
  }
  return assert.fail('the inventory was accepted');
}

test('an inventory past --max-hosts is refused once, at the host that passed the cap', () => {
  const dir = writeFiles(tempDir(), { 'inv.yml': 'all:\n  hosts:\n    a[1:3]:\n    b[1:3]:\n    c[1:3]:\n' });
  const problems = problemsOf([join(dir, 'inv.yml')], 4);
  assert.equal(problems.length, 1);
  assert.deepEqual([problems[0]?.line, problems[0]?.col], [4, 5]);
  assert.match(problems[0]?.message ?? '', /more than 4 hosts \(raise the limit with --max-hosts N\)/);
});

test('an INI range past the cap names its line and how to raise the cap', () => {
  const dir = writeFiles(tempDir(), { 'inv.ini': '[web]\nweb[1:100000000] x=1\n' });
  const [problem] = problemsOf([join(dir, 'inv.ini')]);
  assert.deepEqual([problem?.line, problem?.col], [2, 1]);
  assert.match(problem?.message ?? '', /host "web\[1:100000000\]": its ranges make 100,000,000 hosts, over the limit of 100,000 \(raise it with --max-hosts N\)/);
});

test('hosts from several sources count together against the cap', () => {
  const problems = problemsOf(['a[1:3],', 'b[1:3],'], 5);
  assert.equal(problems.length, 1);
  assert.match(problems[0]?.message ?? '', /more than 5 hosts/);
});

test('a comma list expands ranges and keeps the port for every host', () => {
  const inventory = loadInventory(['web[1:2]:2222,db,']);
  assert.deepEqual([...inventory.hosts.keys()], ['web1', 'web2', 'db']);
  assert.equal(inventory.hostVars('web2').ansible_port, 2222);
});

test('--max-hosts raises the cap from the command line, and a bad value is a usage error', () => {
  const big = runCli(['inventory', '-i', 'h[1:100001],', '--list-hosts', 'all']);
  assert.equal(big.status, 4);
  assert.match(big.stderr, /over the limit of 100,000 \(raise it with --max-hosts N\)/);
  assert.match(runCli(['inventory', '-i', 'h[1:5],', '--list-hosts', 'all', '--max-hosts', '4']).stderr, /over the limit of 4/);
  const raised = runCli(['inventory', '-i', 'h[1:5],', '--list-hosts', 'all', '--max-hosts', '5']);
  assert.equal(raised.status, 0, raised.stderr);
  assert.match(raised.stdout, /hosts \(5\):/);
  assert.equal(runCli(['inventory', '-i', 'h,', '--list', '--max-hosts', 'lots']).status, 5);
});
