import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportFile, simHost } from '../helpers/sim.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { readFaults } from '../../sim/core/host.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';

test('ipfs-cluster-install swaps the binaries, so --version reports the installed release', () => {
  const host = simHost('0.9.0', { isBare: true });
  assert.equal(host.run('ipfs-cluster-install', ['0.10.1']).status, 0);
  assert.equal(host.service(['--version']).stdout, 'ipfs-cluster-service version 0.10.1\n');
  assert.equal(host.ctl(['--version']).stdout, 'ipfs-cluster-ctl version 0.10.1\n');
  assert.equal(host.run('ipfs-cluster-install', ['0.9.1']).status, 1, 'there is no v0.9.1');
});

test('fault install-fails (file in .sim/faults or env) makes the install exit 1 and leaves the old binaries', () => {
  const host = simHost('0.9.0', { isBare: true });
  writeFileSync(join(host.home, '.sim', 'faults'), 'install-fails\n');
  const failed = host.run('ipfs-cluster-install', ['0.10.1']);
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /sim fault install-fails/);
  assert.equal(host.service(['--version']).stdout, 'ipfs-cluster-service version 0.9.0\n');
  const other = simHost('0.9.0', { isBare: true });
  assert.equal(other.run('ipfs-cluster-install', ['0.10.1'], '', { IPFS_CLUSTER_SIM_FAULTS: 'install-fails' }).status, 1);
});

test('fault crash-at-start makes the daemon die (exit 2) before READY, and sim-start report it', () => {
  const host = simHost('0.9.0');
  writeFileSync(join(host.home, '.sim', 'faults'), 'crash-at-start\n');
  const started = host.run('ipfs-cluster-sim-start', ['daemon']);
  assert.equal(started.status, 1);
  assert.match(started.stderr, /exited with status 2 before READY[\s\S]*panic: simulated crash at start/);
});

test('fault disk-full fails the snapshot write: state upgrade exits 1 after rotating, leaving only the backup', () => {
  const host = simHost('0.9.0');
  host.service(['state', 'import', '-f', exportFile(tempDir(), [CID], '0.9.0')]);
  host.run('ipfs-cluster-install', ['0.10.1']);
  writeFileSync(join(host.home, '.sim', 'faults'), 'disk-full\n');
  const result = host.service(['state', 'upgrade']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /error upgrading state: write \S+\/state\.bin: no space left on device\n$/);
  assert.ok(existsSync(join(host.folder, 'raft.old.0')));
  assert.equal(host.service(['state', 'export']).stderr, 'error exporting state: no snapshot found\n');
});

test('a fault written fault@version applies only to that release', () => {
  const home = writeFiles(tempDir(), { '.sim/faults': 'never-ready@0.10.1\ninstall-fails@1.1.6\n' });
  assert.deepEqual([...readFaults(home, {}, '0.10.1')], ['never-ready']);
  assert.deepEqual([...readFaults(home, {}, '0.9.0')], []);
  assert.deepEqual([...readFaults(home, {}, '1.1.6')], ['install-fails']);
});
