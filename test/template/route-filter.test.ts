import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadReleasesFile } from '../../engine/runbook/index.js';
import { evaluate } from '../../engine/template/index.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { AT, scopeOf } from './helpers.js';

const loaded = loadReleasesFile(join(PROJECT_ROOT, 'runbooks/data/ipfs-cluster-releases.yml'));
const releases = 'data' in loaded ? loaded.data : undefined;
const scope = scopeOf({}, { releases, run: { runbook: 'upgrade-standard' } });
const check = (from: string, to: string, consensus = 'raft') =>
  evaluate(`releases | upgrade_route("${from}", "${to}", "${consensus}", run.runbook)`, scope, AT) as Record<string, unknown>;

test('upgrade_route allows a hop the route data lets the running runbook take, with the route', () => {
  const allowed = check('0.9.0', '0.10.1');
  assert.deepEqual([allowed['allowed'], allowed['message'], allowed['text']], [true, '', '0.9.0 → 0.10.1 (upgrade-standard)']);
});

test('upgrade_route refuses a hop the route forbids, naming the route to take instead', () => {
  const refused = check('0.9.0', '1.1.6');
  assert.equal(refused['allowed'], false);
  assert.match(String(refused['message']), /is not a supported hop for upgrade-standard: .* Upgrade to 0\.10\.1 first, then to 1\.1\.6\.$/);
  assert.deepEqual((refused['route'] as { to: string }[]).map((h) => h.to), ['0.10.1', '1.1.6']);
});

test('upgrade_route without the releases data, or with a consensus it does not know, is a template error with a hint', () => {
  assert.throws(() => evaluate('none | upgrade_route("0.9.0", "0.10.1", "raft", "x")', scope, AT), /upgrade_route needs the releases data/);
  assert.throws(() => check('0.9.0', '0.10.1', 'paxos'), /consensus must be raft or crdt, not paxos/);
});
