/**
 * SSH at scale, through the engine (executeRun, forks 50: the CLI's default), from one sshd on many loopback
 * addresses (bench/ssh-hosts.ts):
 *   - 20 and 200 hosts x 10 `/bin/true` steps: time per step-host (linear in hosts: the two should be close) and the
 *     controller's memory per host (peak RSS over the RSS before the run), each in a fresh child process;
 *     the anchor at 200: raw OpenSSH, a ControlMaster per host and 10 `ssh` through it, 50 hosts at a time.
 *   - what `facts: [system]` adds to a one-step run on 20 hosts, against what gather_facts adds to an
 *     ansible-playbook run (when installed).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argv, execPath } from 'node:process';
import { fileURLToPath } from 'node:url';
import { sshConnection, type Connection } from '../engine/connection/index.js';
import { executeRun } from '../engine/executor/index.js';
import { loadInventory } from '../engine/inventory/index.js';
import { loadRunbook } from '../engine/runbook/index.js';
import { sshOptions, type SshTestHost } from '../test/helpers/sshd.js';
import { loopbackHosts } from './ssh-hosts.js';
import { ansibleFiles } from './ssh-bench.js';
import { hasCommand, seconds, type BenchRow } from './table.js';

const STEPS = 10;
const FORKS = 50;

/** One run of `steps` `/bin/true` steps on the hosts through the engine; its wall time in seconds. */
async function runOnHosts(hosts: readonly SshTestHost[], steps: number, hasFacts: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ssh-scale-'));
  const connections = new Map<string, Connection>();
  try {
    const stepsText = Array.from({ length: steps }, (_, i) => `  - name: step ${i}\n    command: [/bin/true]\n`).join('');
    writeFileSync(join(dir, 'rb.yml'), `runbook: scale\nhosts: all\n${hasFacts ? 'facts: [system]\n' : ''}steps:\n${stepsText}`);
    writeFileSync(join(dir, 'inv.yml'), `all:\n  hosts:\n${hosts.map((h) => `    ${h.name}:\n`).join('')}`);
    mkdirSync(join(dir, 'run'));
    const byName = new Map(hosts.map((h) => [h.name, h]));
    const connect = (name: string) => connections.get(name) ?? connections.set(name, sshConnection(name, sshOptions(byName.get(name)!))).get(name)!;
    const start = process.hrtime.bigint();
    const outcome = await executeRun({ runbook: loadRunbook(join(dir, 'rb.yml')), inventory: loadInventory([join(dir, 'inv.yml')]),
      hosts: hosts.map((h) => h.name), extraVars: {}, runId: 'bench', runDir: join(dir, 'run'),
      options: { mode: 'run', forks: FORKS, noRollback: false, tags: [], skipTags: [], startAtStep: undefined },
      connect, prompter: { canAsk: false, assumeYes: false, ask: async () => '' }, emit: () => undefined });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    if (outcome.exitCode !== 0) throw new Error(`bench run failed: ${JSON.stringify(outcome.recap.find((r) => r.outcome !== 'ok'))}`);
    return wall;
  } finally {
    await Promise.all([...connections.values()].map((c) => c.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In a child process: one run, with its wall time and the RSS before it and at its peak. */
async function scaleChild(hosts: readonly SshTestHost[]): Promise<void> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const wall = await runOnHosts(hosts, STEPS, false);
  clearInterval(sampler);
  console.log(JSON.stringify({ seconds: wall, before, peak: Math.max(peak, process.memoryUsage().rss) }));
}

/** In a child process: what facts: [system] adds to a one-step run, best of 3 each way. */
async function factsChild(hosts: readonly SshTestHost[]): Promise<void> {
  const without: number[] = [];
  const withFacts: number[] = [];
  for (let round = 0; round < 3; round++) {
    without.push(await runOnHosts(hosts, 1, false));
    withFacts.push(await runOnHosts(hosts, 1, true));
  }
  console.log(JSON.stringify({ without: Math.min(...without), with: Math.min(...withFacts) }));
}

/**
 * Runs a command to its end, without blocking: this process must go on reading the sshd's log (a full pipe
 * would stop the sshd). Resolves to its stdout and wall time; rejects on a non-zero exit.
 */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; seconds: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.slice(0, 3).join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
    });
  });
}

async function child<T>(mode: string, hostsFile: string, count: number): Promise<T> {
  const { stdout } = await run(execPath, [fileURLToPath(import.meta.url), mode, hostsFile, String(count)]);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

/** Raw OpenSSH: per host a ControlMaster, then STEPS `ssh … /bin/true` through it; FORKS hosts at a time. */
async function openSshLoop(hosts: readonly SshTestHost[], dir: string): Promise<number> {
  const perHost = join(dir, 'per-host.sh');
  // each sshd of bench/ssh-hosts.ts has its own client key: $3
  writeFileSync(perHost, `set -e\nssh="ssh -o BatchMode=yes -o UserKnownHostsFile=${hosts[0]!.knownHostsPath} -i $3 -o ControlPath=${dir}/cm-$1 -p $2 root@$1"\n`
    + `$ssh -o ControlMaster=yes -o ControlPersist=yes -fN\nfor s in $(seq ${STEPS}); do $ssh /bin/true; done\n$ssh -O exit 2>/dev/null || true\n`);
  const list = hosts.map((x) => `${x.address} ${x.port} ${x.privateKeyPath}`).join('\n');
  return (await run('bash', ['-c', `printf '%s\\n' "$1" | xargs -P ${FORKS} -L 1 bash ${perHost}`, 'loop', list])).seconds;
}

/** Seconds of ansible-playbook, one /bin/true task on the hosts, with or without gather_facts. */
async function ansibleRun(hosts: readonly SshTestHost[], dir: string, gather: boolean): Promise<number> {
  const { inventory, playbook } = ansibleFiles(hosts, dir, 1);
  writeFileSync(playbook, readFileSync(playbook, 'utf8').replace('gather_facts: false', `gather_facts: ${gather}`));
  const env = { ...process.env, ANSIBLE_PIPELINING: '1', ANSIBLE_FORKS: String(FORKS), ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp') };
  return (await run('ansible-playbook', ['-i', inventory, playbook], env)).seconds;
}

/** The 20- and 200-host figures and the facts figure, as table rows. */
export async function sshScaleBench(): Promise<BenchRow[]> {
  const { hosts, close } = await loopbackHosts(200);
  try {
    const dir = join(hosts[0]!.home, '..', '..');
    const hostsFile = join(dir, 'scale-hosts.json');
    writeFileSync(hostsFile, JSON.stringify(hosts));
    type Scale = { seconds: number; before: number; peak: number };
    await child<Scale>('scale', hostsFile, 20); // warm the page cache, not a figure
    const small = await child<Scale>('scale', hostsFile, 20);
    const large = await child<Scale>('scale', hostsFile, 200);
    const perStepHost = (s: Scale, n: number) => (s.seconds / (n * STEPS)) * 1000;
    const mbPerHost = ((large.peak - large.before) / 1024 / 1024) / 200;
    const raw = await openSshLoop(hosts, dir);
    const linear = perStepHost(large, 200) / perStepHost(small, 20);
    const facts = await child<{ without: number; with: number }>('facts', hostsFile, 20);
    const added = facts.with - facts.without;
    const isAnsible = await hasCommand('ansible-playbook');
    const ansibleAdded = isAnsible ? (await ansibleRun(hosts.slice(0, 20), dir, true)) - (await ansibleRun(hosts.slice(0, 20), dir, false)) : undefined;
    return [
      { figure: `SSH 200 hosts x ${STEPS} steps (engine, forks ${FORKS})`, ours: `${seconds(large.seconds)}, ${perStepHost(large, 200).toFixed(1)} ms/step-host`,
        anchor: `raw OpenSSH loop ${seconds(raw)}`, ratio: `${(large.seconds / raw).toFixed(2)}x`, goal: 'linear in hosts', isMet: linear <= 1.5 },
      { figure: 'SSH 200 vs 20 hosts: time per step-host', ours: `${perStepHost(large, 200).toFixed(1)} ms`,
        anchor: `20 hosts: ${perStepHost(small, 20).toFixed(1)} ms`, ratio: `${linear.toFixed(2)}x`, goal: '<= 1.5x (linear)', isMet: linear <= 1.5 },
      { figure: 'SSH 200 hosts: controller memory per host', ours: `${mbPerHost.toFixed(2)} MB`,
        anchor: `peak RSS ${(large.peak / 1024 / 1024).toFixed(0)} MB`, ratio: '-', goal: '<= 1 MB per host', isMet: mbPerHost <= 1 },
      { figure: 'facts: [system] on 20 SSH hosts: added to a run', ours: seconds(added),
        anchor: ansibleAdded === undefined ? 'ansible-playbook: not installed' : `gather_facts adds ${seconds(ansibleAdded)}`,
        ratio: ansibleAdded === undefined ? '-' : `${(ansibleAdded / added).toFixed(1)}x less`, goal: '<= 0.3 s', isMet: added <= 0.3 },
    ];
  } finally {
    await close();
  }
}

const [, self, mode, hostsFile, count] = argv;
if (self === fileURLToPath(import.meta.url) && hostsFile !== undefined) {
  const hosts = (JSON.parse(readFileSync(hostsFile, 'utf8')) as SshTestHost[]).slice(0, Number(count));
  await (mode === 'facts' ? factsChild(hosts) : scaleChild(hosts));
}
