import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runOnHost } from '../../sim/cluster.js';
import { newSecret } from '../../sim/core/ids.js';
import { runOnHostAsync, simCluster, simHost } from '../helpers/sim.js';

// These wait for wait_for_leader_timeout + 5 s by design; they run side by side so the waits overlap.
describe('consensus start timeouts', { concurrency: true }, () => {
  test('fault never-ready keeps the daemon from READY until the consensus timeout ends it', async () => {
    const host = simHost('0.9.0');
    writeFileSync(join(host.home, '.sim', 'faults'), 'never-ready\n');
    const run = await host.daemon();
    assert.equal(run.isReady, false);
    assert.equal(await run.exited, 0);
    assert.match(run.stderr(), /consensus start timed out/);
  });

  test('a 0.5.0 peer cannot join a 0.4.0 peer: bootstrap fails on the protocol and the daemon times out and exits 0', async () => {
    const secret = newSecret();
    const old = simHost('0.4.0', { secret });
    const running = await old.daemon();
    assert.ok(running.isReady, running.stderr());
    const id = (JSON.parse(old.ctl(['--enc', 'json', 'id']).stdout) as { id: string }).id;
    const joiner = simHost('0.5.0', { secret });
    const run = await joiner.daemon(['daemon', '--bootstrap', `/ip4/${old.address}/tcp/9096/ipfs/${id}`]);
    assert.equal(run.isReady, false);
    assert.equal(await run.exited, 0);
    assert.match(run.stderr(), /bootstrap to \S+ failed: protocol not supported: \/ipfscluster\/0\.5\.0\/rpc\n/);
    assert.match(run.stderr(), /consensus start timed out[\s\S]*same version of IPFS-cluster/);
    assert.equal(JSON.parse(old.ctl(['--enc', 'json', 'id']).stdout).cluster_peers.length, 1);
    await running.stop();
  });

  test('a restarted peer needs a majority of its peerset online before it becomes READY', async () => {
    const { hosts } = await simCluster('0.9.0', 3);
    for (const host of hosts) runOnHost(host.home, 'ipfs-cluster-sim-stop', []);
    const alone = await runOnHostAsync(hosts[0]!.home, 'ipfs-cluster-sim-start', ['daemon'], { IPFS_CLUSTER_SIM_START_TIMEOUT: '30' });
    assert.equal(alone.status, 1);
    assert.match(alone.stderr, /exited with status 0 before READY/);
    assert.match(alone.stderr, /\*\*\*\*\* ipfs-cluster consensus start timed out \(tips below\) \*\*\*\*\*/);
    runOnHost(hosts[1]!.home, 'ipfs-cluster-sim-start', ['--no-wait', 'daemon']);
    assert.equal(runOnHost(hosts[2]!.home, 'ipfs-cluster-sim-start', ['daemon']).status, 0, 'two of three form a majority');
  });
});
