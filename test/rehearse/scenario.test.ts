import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PeerState } from '../../rehearse/observe.js';
import { compareScenario, loadScenario, type Seen } from '../../rehearse/scenario.js';
import { scenarioShape } from '../../rehearse/scenario-run.js';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const GOOD = `scenario: s
runbook: upgrade-standard
cluster: { release: 0.9.0, peers: 3 }
extra_vars: { target_version: 0.10.1 }
faults: { peer2: [never-ready@0.10.1] }
expect: { exit: 2, release: 0.9.0, pins: kept, files: unchanged-but-rollback, output: ['peer2'] }
`;

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-')), 'x.yml');
  writeFileSync(file, text);
  return file;
}

function load(text: string) {
  return loadScenario(write(text), PROJECT_ROOT);
}

test('a scenario file loads with its defaults (raft, 5 pins) and the runbook found as exec finds it', () => {
  const loaded = load(GOOD);
  assert.ok('scenario' in loaded, JSON.stringify(loaded));
  const { scenario } = loaded;
  assert.deepEqual(scenario.cluster, { release: '0.9.0', consensus: 'raft', peers: 3, pins: 5 });
  assert.equal(scenario.runbookFile, join(PROJECT_ROOT, 'runbooks', 'upgrade-standard.yml'));
  assert.deepEqual(scenario.faults, { peer2: ['never-ready@0.10.1'] });
  assert.deepEqual(scenario.extraVars, { target_version: '0.10.1' });
  assert.deepEqual(scenarioShape(scenario).hosts, ['peer1', 'peer2', 'peer3']);
  assert.deepEqual(scenarioShape(scenario).groups, { cluster: ['peer1', 'peer2', 'peer3'] });
});

test('the shipped scenarios load', () => {
  for (const name of ['upgrade-standard.yml', 'upgrade-standard-never-ready.yml']) {
    const loaded = loadScenario(join(PROJECT_ROOT, 'scenarios', name), PROJECT_ROOT);
    assert.ok('scenario' in loaded, JSON.stringify(loaded));
  }
});

const BAD: [string, string, RegExp][] = [
  ['an unknown key under expect', GOOD.replace('pins: kept', 'pin: kept'), /^.*x\.yml:6:\d+.*unknown key "pin"/s],
  ['a fault on a peer the cluster lacks', GOOD.replace('peer2:', 'peer4:'), /x\.yml:5:\d+.*peer4 is not a peer of this cluster \(peer1…peer3\)/s],
  ['a runbook that does not exist', GOOD.replace('upgrade-standard', 'upgrade-nothing'), /x\.yml:2:\d+.*runbook "upgrade-nothing" not found/s],
  ['an output pattern that is no regex', GOOD.replace("['peer2']", "['peer2(']"), /x\.yml:6:\d+.*not a regular expression/s],
  ['a release that is no version', GOOD.replace('release: 0.9.0, peers', 'release: latest, peers'), /x\.yml:3:\d+/],
  ['a files word not in the list', GOOD.replace('unchanged-but-rollback', 'same'), /x\.yml:6:\d+/],
];

for (const [what, text, message] of BAD) {
  test(`${what} is refused at its file:line:col`, () => {
    const loaded = load(text);
    assert.ok('diagnostics' in loaded, what);
    const shown = loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n');
    assert.match(shown, message);
  });
}

test('runbook test: an invalid scenario exits 4 naming file:line:col and runs nothing; bad options and paths exit 5', () => {
  const file = write(GOOD.replace('peer2:', 'peer4:'));
  const invalid = runCli(['test', file], { cwd: PROJECT_ROOT });
  assert.equal(invalid.status, 4, invalid.stderr);
  assert.match(invalid.stderr, /x\.yml:5:\d+/);
  assert.equal(runCli(['test', '--jobs', '0', file], { cwd: PROJECT_ROOT }).status, 5);
  assert.equal(runCli(['test', join(tmpdir(), 'no-such-scenarios')], { cwd: PROJECT_ROOT }).status, 5);
});

const FILES = { 'bin/ipfs-cluster-service': 'old', '.ipfs-cluster/service.json': 'c', '.ipfs-cluster/raft/state': 's1' };
const peer = (host: string, changes: Partial<PeerState> = {}): PeerState =>
  ({ host, version: '0.9.0', isReady: true, pins: ['QmA', 'QmB'], status: { PINNED: 6 }, files: FILES, ...changes });
const BEFORE = ['peer1', 'peer2'].map((h) => peer(h));
const ROLLED_BACK: Seen = { exit: 2, output: 'peer2 rolled back (exit 2)', before: BEFORE,
  after: BEFORE.map((p) => ({ ...p, files: { ...FILES, '.ipfs-cluster/raft/state': 's2' } })) };
const EXPECT = { exit: 2, release: '0.9.0', pins: 'kept', files: 'unchanged-but-rollback', output: ['peer2 rolled back'] } as const;

test('a run that meets every expectation compares equal', () => {
  assert.equal(compareScenario(EXPECT, ROLLED_BACK), undefined);
});

test('each expectation, when missed, is the difference named, in order exit, release, pins, files, output', () => {
  assert.deepEqual(compareScenario({ ...EXPECT, exit: 0 }, ROLLED_BACK), { check: 'exit', expected: 'exit 0', seen: 'exit 2' });
  assert.deepEqual(compareScenario(EXPECT, { ...ROLLED_BACK, after: [ROLLED_BACK.after[0]!, peer('peer2', { version: '0.10.1' })] }),
    { check: 'release', expected: 'every peer READY on 0.9.0', seen: 'peer1 0.9.0, peer2 0.10.1' });
  assert.deepEqual(compareScenario(EXPECT, { ...ROLLED_BACK, after: [ROLLED_BACK.after[0]!, peer('peer2', { isReady: false })] }),
    { check: 'release', expected: 'every peer READY on 0.9.0', seen: 'peer1 0.9.0, peer2 0.9.0 (not READY)' });
  assert.deepEqual(compareScenario(EXPECT, { ...ROLLED_BACK, after: [peer('peer1', { pins: ['QmA'] }), BEFORE[1]!] }),
    { check: 'pins', expected: "peer1's 2 pins kept", seen: 'peer1 lists 1: 1 missing (e.g. QmB), 0 added' });
  assert.deepEqual(compareScenario(EXPECT, { ...ROLLED_BACK, after: [peer('peer1', { status: { PINNED: 4, PIN_ERROR: 2 } }), BEFORE[1]!] }),
    { check: 'pins', expected: "peer1's pin statuses 6 PINNED", seen: '4 PINNED, 2 PIN_ERROR' });
  assert.deepEqual(compareScenario(EXPECT, { ...ROLLED_BACK, after: [peer('peer1', { files: { ...FILES, 'bin/ipfs-cluster-service': 'new' } }), BEFORE[1]!] }),
    { check: 'files', expected: 'files unchanged-but-rollback', seen: 'peer1 modified bin/ipfs-cluster-service' });
  assert.deepEqual(compareScenario({ ...EXPECT, output: ['peer2 rolled back', 'peer1 failed'] }, ROLLED_BACK),
    { check: 'output', expected: 'output matching /peer1 failed/', seen: 'no line matches' });
});

test('files: unchanged allows no change at all; unchanged-but-upgrade allows the binaries; keys not given are not checked', () => {
  assert.deepEqual(compareScenario({ files: 'unchanged' }, ROLLED_BACK),
    { check: 'files', expected: 'files unchanged', seen: 'peer1 modified .ipfs-cluster/raft/state' });
  const upgraded = { ...ROLLED_BACK, exit: 0, after: BEFORE.map((p) => ({ ...p, version: '0.10.1', files: { ...FILES, 'bin/ipfs-cluster-service': 'new' } })) };
  assert.equal(compareScenario({ exit: 0, release: '0.10.1', pins: 'kept', files: 'unchanged-but-upgrade' }, upgraded), undefined);
  assert.equal(compareScenario({ output: ['rolled'] }, { ...ROLLED_BACK, exit: 99, after: [] }), undefined);
  assert.deepEqual(compareScenario({ exit: 0 }, { ...ROLLED_BACK, exit: null }), { check: 'exit', expected: 'exit 0', seen: 'killed (timeout)' });
});

test('a scenario line: pass with file and time; FAIL with the difference, and the run\'s last lines when asked', async () => {
  const { resultLine } = await import('../../rehearse/test-command.js');
  const loaded = loadScenario(join(PROJECT_ROOT, 'scenarios', 'upgrade-standard.yml'), PROJECT_ROOT);
  assert.ok('scenario' in loaded);
  const result = { scenario: loaded.scenario, tail: ['a', 'b'], durationMs: 30_400 };
  assert.equal(resultLine(result, PROJECT_ROOT), 'pass upgrade-standard 0.9.0 → 0.10.1 (scenarios/upgrade-standard.yml, 30 s)');
  const failed = { ...result, mismatch: { check: 'exit' as const, expected: 'exit 0', seen: 'exit 2' } };
  assert.equal(resultLine(failed, PROJECT_ROOT), 'FAIL upgrade-standard 0.9.0 → 0.10.1 (scenarios/upgrade-standard.yml, 30 s): exit: expected exit 0; saw exit 2');
  assert.equal(resultLine(failed, PROJECT_ROOT, true).split('\n').slice(1).join('|'), '    | a|    | b');
});
