/**
 * SSH speed (prints figures; not a test): 20 loopback OpenSSH hosts from the test harness, 10 `/bin/true` per host,
 * each variant timed as a whole process from a cold start, handshakes included:
 *   ours      - sshConnection, the 10 commands in lockstep (every host finishes step N before step N+1)
 *   openssh   - raw OpenSSH: per host a ControlMaster, then 10 `ssh` through it; the 20 hosts in parallel
 *   node-ssh  - a bare node-ssh script: connect, 10 execCommand per host, the hosts in parallel
 *   ansible   - ansible-playbook, pipelining, 20 forks, 10 command tasks (when installed)
 * Run by `npm run bench` (bench/main.ts), which prints every figure in one table.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argv, execPath } from 'node:process';
import { fileURLToPath } from 'node:url';
import { NodeSSH } from 'node-ssh';
import { sshConnection } from '../engine/connection/index.js';
import { sshOptions, startSshd, type SshTestHost } from '../test/helpers/sshd.js';
import { seconds, type BenchRow } from './table.js';

const HOSTS = 20;
const STEPS = 10;
const TRUE = { kind: 'argv', argv: ['/bin/true'] } as const;

async function runOurs(hosts: readonly SshTestHost[]): Promise<void> {
  const connections = hosts.map((host) => sshConnection(host.name, sshOptions(host)));
  for (let step = 0; step < STEPS; step += 1) {
    const results = await Promise.all(connections.map((connection) => connection.exec(TRUE)));
    if (results.some((result) => result.exitCode !== 0)) throw new Error('a /bin/true failed');
  }
  await Promise.all(connections.map((connection) => connection.close()));
}

async function runNodeSsh(hosts: readonly SshTestHost[]): Promise<void> {
  await Promise.all(hosts.map(async (host) => {
    const ssh = await new NodeSSH().connect({ host: host.address, port: host.port, username: host.user, privateKeyPath: host.privateKeyPath });
    for (let step = 0; step < STEPS; step += 1) await ssh.execCommand('/bin/true');
    ssh.dispose();
  }));
}

function openSshScript(hosts: readonly SshTestHost[], dir: string): string {
  const common = `-o BatchMode=yes -o UserKnownHostsFile=${hosts[0]!.knownHostsPath} -i ${hosts[0]!.privateKeyPath}`;
  const perHost = hosts.map((h, i) => {
    const ssh = `ssh ${common} -o ControlPath=${dir}/cm${i} -p ${h.port} ${h.user}@${h.address}`;
    return `( ${ssh.replace('ssh ', 'ssh -o ControlMaster=yes -o ControlPersist=yes -fN ')} && for s in $(seq ${STEPS}); do ${ssh} /bin/true; done; ${ssh} -O exit 2>/dev/null ) &`;
  });
  return `set -e\n${perHost.join('\n')}\nwait\n`;
}

/** An INI inventory of the hosts and a playbook of `steps` /bin/true tasks, gather_facts off. */
export function ansibleFiles(hosts: readonly SshTestHost[], dir: string, steps = STEPS): { inventory: string; playbook: string } {
  const inventory = join(dir, 'inventory.ini');
  const lines = hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${h.user} ansible_ssh_private_key_file=${h.privateKeyPath}`);
  writeFileSync(inventory, `[all]\n${lines.join('\n')}\n[all:vars]\nansible_ssh_common_args='-o UserKnownHostsFile=${hosts[0]!.knownHostsPath}'\nansible_python_interpreter=/usr/bin/python3\n`);
  const playbook = join(dir, 'play.yml');
  const tasks = Array.from({ length: steps }, (_, i) => `    - name: step ${i + 1}\n      command: /bin/true`).join('\n');
  writeFileSync(playbook, `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}\n`);
  return { inventory, playbook };
}

/** Runs a command to completion and returns its wall time in seconds; throws on failure. */
export function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return seconds;
}

/** The 20-host figures: ours against raw OpenSSH, a bare node-ssh script and ansible-playbook (when installed). */
export async function sshBench(options: { readonly hasAnsible: boolean }): Promise<BenchRow[]> {
  const sshd = await startSshd(HOSTS, { shouldCleanUpAfterTests: false });
  try {
    const dir = join(sshd.hosts[0]!.home, '..', '..');
    const hostsFileOut = join(dir, 'hosts.json');
    writeFileSync(hostsFileOut, JSON.stringify(sshd.hosts));
    const self = fileURLToPath(import.meta.url);
    timed(execPath, [self, 'child', 'ours', hostsFileOut]); // warm the page cache, not a figure
    const ours = timed(execPath, [self, 'child', 'ours', hostsFileOut]);
    const openssh = timed('bash', ['-c', openSshScript(sshd.hosts, dir)]);
    const nodeSsh = timed(execPath, [self, 'child', 'node-ssh', hostsFileOut]);
    const figure = `SSH ${HOSTS} hosts x ${STEPS} steps (sshConnection, lockstep)`;
    const rows: BenchRow[] = [
      { figure, ours: seconds(ours), anchor: `raw OpenSSH ${seconds(openssh)}`, ratio: `${(ours / openssh).toFixed(2)}x`, goal: '<= 0.8x', isMet: ours / openssh <= 0.8 },
      { figure, ours: seconds(ours), anchor: `bare node-ssh ${seconds(nodeSsh)}`, ratio: `${(ours / nodeSsh).toFixed(2)}x`, goal: '<= 1.5x', isMet: ours / nodeSsh <= 1.5 },
    ];
    if (options.hasAnsible) {
      const { inventory, playbook } = ansibleFiles(sshd.hosts, dir);
      const env = { ...process.env, ANSIBLE_PIPELINING: '1', ANSIBLE_FORKS: String(HOSTS), ANSIBLE_HOST_KEY_CHECKING: '1', ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp') };
      const ansible = timed('ansible-playbook', ['-i', inventory, playbook], env);
      rows.push({ figure, ours: seconds(ours), anchor: `ansible-playbook ${seconds(ansible)}`, ratio: `${(ansible / ours).toFixed(1)}x faster`, goal: '>= 15x', isMet: ansible / ours >= 15 });
    } else {
      rows.push({ figure, ours: seconds(ours), anchor: 'ansible-playbook: not installed', ratio: '-', goal: '>= 15x', isMet: undefined });
    }
    return rows;
  } finally {
    await sshd.close();
  }
}

const [, selfPath, mode, variant, hostsFile] = argv;
if (selfPath === fileURLToPath(import.meta.url) && mode === 'child' && hostsFile !== undefined) {
  const hosts = JSON.parse(readFileSync(hostsFile, 'utf8')) as SshTestHost[];
  await (variant === 'ours' ? runOurs(hosts) : runNodeSsh(hosts));
}
