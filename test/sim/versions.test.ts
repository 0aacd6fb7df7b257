import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rpcProtocolOf, specFor, SUPPORTED_VERSIONS } from '../../sim/versions.js';

test('every release the issue names is playable, and there is no v0.9.1', () => {
  for (const v of ['0.3.5', '0.4.0', '0.5.0', '0.6.0', '0.9.0', '0.10.0', '0.10.1', '0.11.0', '0.12.1', '0.13.3', '0.14.5', '1.0.0',
    '1.0.8', '1.1.2', '1.1.4', '1.1.5', '1.1.6']) {
    assert.ok((SUPPORTED_VERSIONS as readonly string[]).includes(v), v);
  }
  assert.throws(() => specFor('0.9.1'), /unsupported version 0\.9\.1/);
});

test('state format per binary: 0.3.5–0.4.x → 4, 0.5–0.9 → 5, 0.10 → 6, none from 0.11', () => {
  const formats = Object.fromEntries(SUPPORTED_VERSIONS.map((v) => [v, specFor(v).stateFormat]));
  assert.deepEqual(formats, { '0.3.5': 4, '0.4.0': 4, '0.5.0': 5, '0.6.0': 5, '0.7.0': 5, '0.8.0': 5, '0.9.0': 5,
    '0.10.0': 6, '0.10.1': 6, '0.11.0': null, '0.12.1': null, '0.13.3': null, '0.14.5': null, '1.0.0': null, '1.0.8': null,
    '1.1.2': null, '1.1.4': null, '1.1.5': null, '1.1.6': null });
});

test('RPC protocol IDs: exact ≤0.5, major.minor 0.6–0.12, fixed 0.12 for 0.13–0.14, fixed 1.0 from v1', () => {
  const rows: [string, string][] = [['0.4.0', '/ipfscluster/0.4.0/rpc'], ['0.5.0', '/ipfscluster/0.5.0/rpc'],
    ['0.6.0', '/ipfscluster/0.6/rpc'], ['0.10.0', '/ipfscluster/0.10/rpc'], ['0.10.1', '/ipfscluster/0.10/rpc'],
    ['0.12.1', '/ipfscluster/0.12/rpc'], ['0.13.0', '/ipfscluster/0.12/rpc'], ['0.14.5', '/ipfscluster/0.12/rpc'],
    ['1.0.0', '/ipfscluster/1.0/rpc'], ['1.1.6', '/ipfscluster/1.0/rpc']];
  for (const [version, id] of rows) assert.equal(rpcProtocolOf(version), id, version);
});

test('folders, backups and force flag placement follow the release', () => {
  const pick = (v: string) => {
    const s = specFor(v);
    return [s.raftFolder, s.backupsRotateDefault, s.forceFlag, s.renamesLegacyFolder, s.exportFormat];
  };
  assert.deepEqual(pick('0.3.5'), ['ipfs-cluster-data', null, 'global', false, 'array']);
  assert.deepEqual(pick('0.6.0'), ['raft', 6, 'global', true, 'array']);
  assert.deepEqual(pick('0.7.0'), ['raft', 6, 'local', true, 'array']);
  assert.deepEqual(pick('0.10.0'), ['raft', 6, 'local', false, 'array']);
  assert.deepEqual(pick('0.11.0'), ['raft', 6, 'local', false, 'ndjson']);
});

test('pin JSON per era: string CIDs ≤0.9, {"/": cid} 0.10–0.14, string again with a named type from 1.0', () => {
  const pick = (v: string) => [specFor(v).pinCid, specFor(v).pinType];
  assert.deepEqual(['0.4.0', '0.9.0', '0.10.0', '0.14.5', '1.0.0', '1.1.6'].map(pick),
    [['string', 'none'], ['string', 'number'], ['object', 'number'], ['object', 'number'], ['string', 'name'], ['string', 'name']]);
});

test('daemon flags: --alloc gone in 0.11, --pintracker gone in 0.12, --no-trust from 0.11', () => {
  const has = (v: string, name: string) => specFor(v).daemonFlags.includes(name);
  assert.deepEqual(['0.10.1', '0.11.0', '0.12.1'].map((v) => [has(v, 'alloc,a'), has(v, 'pintracker'), has(v, 'no-trust')]),
    [[true, true, false], [false, true, true], [false, false, true]]);
});

test('no file of sim/ other than versions.ts compares release numbers', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'sim');
  const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && f !== 'versions.ts');
  const offenders = files.filter((f) => /from 'semver'|semver\.|\bisV\(|\bcompare\(v|'[01]\.\d+\.\d+'\s*[<>]/.test(readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(offenders, []);
});
