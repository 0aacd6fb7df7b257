import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { upCluster } from '../../sim/cluster.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { simTempDir, uniqueAddressBase } from '../helpers/sim.js';
import { startSshd, type SshTestHost } from '../helpers/sshd.js';

function inventory(hosts: readonly SshTestHost[], extra = ''): string {
  return ['cluster:', '  vars:', '    ansible_user: root', `    ansible_ssh_private_key_file: ${hosts[0]!.privateKeyPath}`, extra, '  hosts:',
    ...hosts.map((h) => `    ${h.name}: { ansible_host: ${h.address}, ansible_port: ${h.port} }`)].filter(Boolean).join('\n') + '\n';
}

test('over real SSH, a runbook runs lockstep, rolling and parallel blocks on 10 hosts, each host in its own files', async () => {
  const ssh = await startSshd(10);
  const dir = writeFiles(tempDir(), {
    'inventory.yml': inventory(ssh.hosts),
    'spread.yml': `runbook: spread\nhosts: cluster\nsteps:
  - command: [sh, -c, "echo {{ inventory_hostname }} > who"]
  - name: rolling
    serial: 3
    steps:
      - command: [touch, rolled]
  - name: each on its own
    parallel: 4
    steps:
      - shell: "sleep 0.1; hostname > /dev/null; echo done > parallel"
`,
  });
  const result = runCli(['exec', 'spread.yml', '-i', 'inventory.yml', '--known-hosts', ssh.hosts[0]!.knownHostsPath], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  for (const host of ssh.hosts) {
    assert.equal(readFileSync(join(host.home, 'who'), 'utf8'), `${host.name}\n`);
    assert.ok(existsSync(join(host.home, 'rolled')) && existsSync(join(host.home, 'parallel')), host.name);
  }
  assert.equal(result.stdout.match(/^\S+ batch \d+:/gm)?.length, 4);
});

test('an unknown host key is refused with its fingerprint, and accepted and recorded with --accept-new-host-keys', async () => {
  const ssh = await startSshd(1);
  const dir = writeFiles(tempDir(), { 'inventory.yml': inventory(ssh.hosts), 'known_hosts': '', 'one.yml': 'runbook: one\nhosts: cluster\nsteps:\n  - command: [touch, here]\n' });
  const refused = runCli(['exec', 'one.yml', '-i', 'inventory.yml', '--known-hosts', join(dir, 'known_hosts')], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(refused.status, 3, refused.stdout + refused.stderr);
  assert.match(refused.stdout, /SHA256:[\w+/]+/);
  const accepted = runCli(['exec', 'one.yml', '-i', 'inventory.yml', '--known-hosts', join(dir, 'known_hosts'), '--accept-new-host-keys'], { cwd: dir });
  assert.equal(accepted.status, 0, accepted.stdout + accepted.stderr);
  assert.ok(readFileSync(join(dir, 'known_hosts'), 'utf8').includes(ssh.hosts[0]!.hostPublicKey));
});

test('standard upgrade 0.9.0 → 0.10.1 over SSH on 3 simulated peers keeps every pin', async () => {
  const base = uniqueAddressBase();
  const ssh = await startSshd(3, { names: ['peer1', 'peer2', 'peer3'], addressBase: base });
  const simDir = simTempDir('ssh-sim-');
  for (const host of ssh.hosts) symlinkSync(host.home, join(simDir, host.name));
  await upCluster({ dir: simDir, peers: 3, version: '0.9.0', pins: 4, addressBase: base, waitForLeaderTimeout: '4s' });
  const dir = tempDir();
  writeFileSync(join(dir, 'inventory.yml'), inventory(ssh.hosts, [
    '    ipfs_cluster_install: ipfs-cluster-install', '    ipfs_cluster_start: ipfs-cluster-sim-start', '    ipfs_cluster_stop: ipfs-cluster-sim-stop',
    '    runbook_environment: { PATH: "/root/bin:/usr/local/bin:/usr/bin:/bin" }'].join('\n')));
  const result = runCli(['exec', 'upgrade-standard', '-i', 'inventory.yml', '-e', 'target_version=0.10.1', '-e', 'min_wait_for_leader_timeout=3',
    '--known-hosts', ssh.hosts[0]!.knownHostsPath], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  for (const host of ssh.hosts) {
    assert.match(readFileSync(join(host.home, 'bin', 'ipfs-cluster-service'), 'utf8'), /IPFS_CLUSTER_SIM_VERSION=0\.10\.1/);
  }
  assert.match(result.stdout, /peer3 \S+ No pin was lost or added … ok/);
});
