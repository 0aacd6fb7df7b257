import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simHost } from '../helpers/sim.js';

test('0.11.0 first start on a 0.10 config extracts the identity into identity.json with a NOTICE and keeps the peer ID', async () => {
  const host = simHost('0.10.1');
  const id = String(host.config().cluster['id']);
  assert.equal(host.run('ipfs-cluster-install', ['0.11.0']).status, 0);
  const daemon = await host.daemon();
  assert.ok(daemon.isReady, daemon.stderr());
  const identityPath = join(host.folder, 'identity.json');
  assert.ok(daemon.stderr().includes(`\nNOTICE: identity information extracted from ${join(host.folder, 'service.json')} and saved as ${identityPath}.\n\n`));
  assert.equal((JSON.parse(readFileSync(identityPath, 'utf8')) as { id: string }).id, id);
  assert.match(daemon.stderr(), new RegExp(`IPFS Cluster v0\\.11\\.0 listening on:\\n {8}/ip4/[\\d.]+/tcp/9096/p2p/${id}\\n`));
  assert.equal(await daemon.stop(), 0);
  const again = await host.daemon();
  assert.ok(!again.stderr().includes('NOTICE'), 'only the first start extracts');
  await again.stop();
});

test('0.10.1 has no identity.json and prints /ipfs/ addresses; 0.12.1 still extracts an identity left in service.json', async () => {
  const old = simHost('0.10.1');
  const daemon = await old.daemon();
  assert.match(daemon.stderr(), /listening on:\n {8}\/ip4\/[\d.]+\/tcp\/9096\/ipfs\/Qm\w+\n/);
  assert.ok(!existsSync(join(old.folder, 'identity.json')));
  await daemon.stop();
  assert.equal(old.run('ipfs-cluster-install', ['0.12.1']).status, 0);
  const exported = old.service(['state', 'export']);
  assert.match(exported.stderr, /^\nNOTICE: identity information extracted from /);
  assert.ok(existsSync(join(old.folder, 'identity.json')));
});

test('init makes RSA peer IDs (Qm…) up to 0.10 and Ed25519 IDs (12D3KooW…) from 0.11', () => {
  assert.match(String(simHost('0.10.1').config().cluster['id']), /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/);
  for (const version of ['0.11.0', '1.1.6']) {
    const host = simHost(version);
    const identity = JSON.parse(readFileSync(join(host.folder, 'identity.json'), 'utf8')) as { id: string };
    assert.match(identity.id, /^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/, version);
  }
});

test('daemon --alloc exists up to 0.10 and --pintracker up to 0.11: later a carried-over unit exits 0 with "Incorrect Usage"', () => {
  assert.match(simHost('0.10.1').service(['daemon', '--alloc', 'disk', '--pintracker', 'map', '--help']).stdout, /^NAME:/);
  const v11 = simHost('0.11.0');
  assert.deepEqual([v11.service(['daemon', '--alloc', 'disk']).status, v11.service(['daemon', '--alloc', 'disk']).stdout.split('\n')[0]],
    [0, 'Incorrect Usage: flag provided but not defined: -alloc']);
  assert.match(v11.service(['daemon', '--pintracker', 'map', '--help']).stdout, /^NAME:/);
  const v12 = simHost('0.12.1');
  const unit = v12.run('ipfs-cluster-sim-start', ['daemon', '--pintracker', 'stateless']);
  assert.equal(unit.status, 1);
  assert.match(unit.stderr, /exited with status 0 before READY[\s\S]*Incorrect Usage: flag provided but not defined: -pintracker/);
});

test('the Docker images print X.Y.Z+git<tag commit>; a plain build prints X.Y.Z', () => {
  const host = simHost('1.1.6', { isBare: true });
  const docker = host.run('ipfs-cluster-docker-entrypoint', ['version']);
  assert.ok(docker.stdout.startsWith('ipfs-cluster-service version 1.1.6+git2182e887ef378f906455784396f1011df968822c\n'), docker.stdout);
  assert.ok(docker.stdout.endsWith('\n1.1.6+git2182e887ef378f906455784396f1011df968822c\n'), docker.stdout);
  assert.equal(host.service(['--version']).stdout, 'ipfs-cluster-service version 1.1.6\n');
  const v11 = simHost('0.11.0', { isBare: true }).run('ipfs-cluster-docker-entrypoint', ['--version']);
  assert.match(v11.stdout, /^ipfs-cluster-service version 0\.11\.0\+git3c4859c74ca7093bae2a175e1a8f1406d6002e28\n/);
});

test('Docker images up to 0.5 keep --version plain and print X.Y.Z-<commit> for `version`; from 0.6 X.Y.Z+git<commit>', () => {
  const v05 = simHost('0.5.0', { isBare: true }).run('ipfs-cluster-docker-entrypoint', ['version']);
  assert.ok(v05.stdout.startsWith('ipfs-cluster-service version 0.5.0\n'), v05.stdout);
  assert.ok(v05.stdout.endsWith('\n0.5.0-2f417eb63281e53ab8273189fac20ac70267287b\n'), v05.stdout);
  const v06 = simHost('0.6.0', { isBare: true }).run('ipfs-cluster-docker-entrypoint', ['version']);
  assert.ok(v06.stdout.startsWith('ipfs-cluster-service version 0.6.0+gitd327155c6500a94f434b9d446521371d0bd7479b\n'), v06.stdout);
  assert.ok(v06.stdout.endsWith('\n0.6.0+gitd327155c6500a94f434b9d446521371d0bd7479b\n'), v06.stdout);
  const v0101 = simHost('0.10.1', { isBare: true }).run('ipfs-cluster-docker-entrypoint', ['--version']);
  assert.ok(v0101.stdout.startsWith('ipfs-cluster-service version 0.10.1+git0f9ce4807cc330f010bed6397f8670d0512f3b29\n'), v0101.stdout);
  assert.match(simHost('0.3.5', { isBare: true }).run('ipfs-cluster-docker-entrypoint', ['version']).stdout,
    /^ipfs-cluster-service version 0\.3\.5\n[\s\S]*\n0\.3\.5-ed55daf2c6401ce656fdc470b3a9e06f4d145c63\n$/);
});

test('a 0.5.0 image logs "IPFS Cluster v0.5.0-<commit[0:8]> listening on:" and its API says 0.5.0; 0.6.0 shows +git<commit> in both', async () => {
  for (const [version, listening, api] of [['0.5.0', '0.5.0-2f417eb6', '0.5.0'],
    ['0.6.0', '0.6.0+gitd327155c6500a94f434b9d446521371d0bd7479b', '0.6.0+gitd327155c6500a94f434b9d446521371d0bd7479b']] as const) {
    const host = simHost(version);
    const daemon = await host.daemon(['daemon'], { env: { IPFS_CLUSTER_SIM_BUILD: 'docker' } });
    assert.ok(daemon.isReady, daemon.stderr());
    assert.ok(daemon.stderr().includes(`IPFS Cluster v${listening} listening on:\n`), daemon.stderr());
    assert.equal(host.ctl(['version']).stdout, `${api}\n`);
    assert.equal(await daemon.stop(), 0);
  }
});
