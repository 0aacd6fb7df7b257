import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkRunbookHop, loadReleasesFile, planUpgradeRoute, type Consensus, type ReleasesData } from '../../engine/runbook/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

function shipped(): ReleasesData {
  const loaded = loadReleasesFile(join(PROJECT_ROOT, 'runbooks/data/ipfs-cluster-releases.yml'));
  if ('diagnostics' in loaded) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.data;
}

const DATA = shipped();
const route = (from: string, to: string, consensus: Consensus = 'raft') => planUpgradeRoute(DATA, { from, to, consensus });
const hops = (from: string, to: string, consensus: Consensus = 'raft') => {
  const r = route(from, to, consensus);
  return r.kind === 'route' ? r.hops.map((h) => `${h.from}>${h.to} ${h.runbook}`) : r.kind;
};

// what the shipped data gives: fewest hops, then no downtime (rolling) over all-at-once
const ROUTES: readonly [from: string, to: string, consensus: Consensus, expected: readonly string[] | string][] = [
  ['0.9.0', '1.1.6', 'raft', ['0.9.0>0.10.1 upgrade-standard', '0.10.1>1.1.6 upgrade-standard']],
  ['0.3.5', '0.10.1', 'raft', ['0.3.5>0.10.1 upgrade-standard']],
  ['0.9.0', '0.10.1', 'raft', ['0.9.0>0.10.1 upgrade-standard']],
  ['0.10.0', '0.10.1', 'raft', ['0.10.0>0.10.1 upgrade-standard']],  // upgrade-rolling takes CRDT hops only
  ['0.10.1', '0.11.0', 'raft', ['0.10.1>0.11.0 upgrade-standard']],
  ['1.0.8', '1.1.6', 'crdt', ['1.0.8>1.1.6 upgrade-rolling']],
  ['1.0.0', '1.1.6', 'raft', ['1.0.0>1.1.6 upgrade-standard']],
  ['1.0.0', '1.1.6', 'crdt', ['1.0.0>1.1.6 upgrade-rolling']],
  ['0.14.5', '1.0.0', 'crdt', ['0.14.5>1.0.0 upgrade-standard']],
  ['0.12.1', '0.13.3', 'crdt', ['0.12.1>0.13.3 upgrade-standard']],
  ['0.12.1', '0.13.3', 'raft', ['0.12.1>0.13.3 upgrade-standard']],
  ['0.13.3', '0.14.5', 'crdt', ['0.13.3>0.14.5 upgrade-rolling']],
  ['1.1.6', '1.1.6', 'crdt', []],
  ['0.9.0', '1.1.6', 'crdt', 'no-route'],
  ['1.1.6', '1.0.8', 'raft', 'no-route'],
  ['1.2.0', '1.1.6', 'raft', 'unknown-version'],
  ['0.9.0', 'latest', 'raft', 'unknown-version'],
];

test('the route of each hop in the table is what the shipped releases data gives', () => {
  assert.deepEqual(ROUTES.map(([from, to, consensus]) => [from, to, consensus, hops(from, to, consensus)]),
    ROUTES.map(([from, to, consensus, expected]) => [from, to, consensus, expected]));
});

test('each hop says why: the 0.10 stop names the state format, a rolling hop the shared protocol', () => {
  const stop = route('0.9.0', '1.1.6');
  assert.equal(stop.kind, 'route');
  if (stop.kind !== 'route') return;
  assert.match(stop.hops[0]!.reason, /state format 5 → 6.*a stop, since 1\.1\.6 cannot read a state older than 0\.10\.0's format \(6\)/);
  assert.match(stop.hops[1]!.reason, /different RPC protocols \(\/ipfscluster\/0\.10\/rpc, \/ipfscluster\/1\.0\/rpc\).*every peer at once/);
  const rolling = route('1.0.8', '1.1.6', 'crdt');
  assert.ok(rolling.kind === 'route');
  assert.match(rolling.hops[0]!.reason, /run side by side \(\/ipfscluster\/1\.0\/rpc, delta format 2\): one peer at a time, no downtime/);
  assert.match(rolling.hops[0]!.reason, /migrates the CRDT datastore once; 1\.1\.6 opens no Pebble store below format 13 \(1\.0\.8's init writes 16\)/);
});

test('a refusal says why: no crdt before 0.11, no downgrade, an unknown version with the known ones', () => {
  assert.deepEqual(route('0.9.0', '1.1.6', 'crdt'), { kind: 'no-route', reason: 'no route from 0.9.0 to 1.1.6 under crdt: 0.9.0 has no crdt consensus (it has raft)' });
  assert.deepEqual(route('1.1.6', '1.0.8'), { kind: 'no-route', reason: '1.0.8 is older than 1.1.6: these runbooks only upgrade' });
  const unknown = route('1.1.6', '1.2.0');
  assert.equal(unknown.kind === 'unknown-version' && unknown.hint.endsWith('1.1.5, 1.1.6'), true);
});

test('among routes of equal length, the one with fewer all-at-once hops wins; among equals, the furthest stop', () => {
  const data: ReleasesData = { ...DATA, runbooks: { 'upgrade-standard': DATA.runbooks['upgrade-standard']!, 'upgrade-rolling': DATA.runbooks['upgrade-rolling']! } };
  const r = planUpgradeRoute(data, { from: '1.0.0', to: '1.1.6', consensus: 'crdt' });
  assert.deepEqual(r.kind === 'route' && r.hops.map((h) => h.runbook), ['upgrade-rolling']);
  const noRolling: ReleasesData = { ...DATA, runbooks: { 'upgrade-standard': DATA.runbooks['upgrade-standard']! } };
  const s = planUpgradeRoute(noRolling, { from: '0.4.0', to: '1.0.0', consensus: 'raft' });
  assert.deepEqual(s.kind === 'route' && s.hops.map((h) => h.to), ['0.10.1', '1.0.0']);
});

// a runbook asked to take one hop (the preflight's question)
const CHECKS: readonly [runbook: string, from: string, to: string, consensus: Consensus, allowed: boolean, message: RegExp][] = [
  ['upgrade-standard', '0.9.0', '1.1.6', 'raft', false,
    /^0\.9\.0 → 1\.1\.6 is not a supported hop for upgrade-standard: 1\.1\.6 cannot read a state older than 0\.10\.0's format \(6\), and 0\.9\.0 writes format 5\. The route: 0\.9\.0 → 0\.10\.1 \(upgrade-standard\) → 1\.1\.6 \(upgrade-standard\)\. Upgrade to 0\.10\.1 first, then to 1\.1\.6\.$/],
  ['upgrade-rolling', '0.14.5', '1.0.0', 'crdt', false, /speak different RPC protocols .* they never form one cluster\. The route: 0\.14\.5 → 1\.0\.0 \(upgrade-standard\)\. Use upgrade-standard for this hop\.$/],
  ['upgrade-rolling', '0.12.1', '0.13.3', 'crdt', false, /cannot process the deltas of 0\.13\.3/],
  ['upgrade-bootstrap', '1.0.8', '1.1.6', 'crdt', false, /upgrade-bootstrap handles raft clusters, not crdt/],
  ['upgrade-bootstrap', '0.3.5', '0.4.0', 'raft', false, /upgrade-bootstrap upgrades from 0\.4\.0 on, not from 0\.3\.5/],
  ['cluster-status', '0.9.0', '0.10.1', 'raft', false, /the releases data has no entry for the runbook cluster-status/],
  ['upgrade-standard', '1.0.8', '1.1.6', 'crdt', true, /^$/],
  ['upgrade-rolling', '1.0.8', '1.1.6', 'crdt', true, /^$/],
  ['upgrade-standard', '0.9.0', '0.10.1', 'raft', true, /^$/],
];

test('a runbook may take a hop only when the data lets it, and a refusal carries the route', () => {
  for (const [runbook, from, to, consensus, allowed, message] of CHECKS) {
    const check = checkRunbookHop(DATA, { runbook, from, to, consensus });
    assert.equal(check.allowed, allowed, `${runbook} ${from} → ${to}`);
    assert.match(check.message, message, `${runbook} ${from} → ${to}`);
  }
});
