/**
 * `runbook inventory --list` on a large inventory, as a whole process, against
 * `ansible-inventory --list` on the same file when Ansible is installed (it is never required).
 * The inventory: 10,000 hosts in 100 groups, three levels deep, with vars at every level.
 * Then how it scales: `--list` at 10,000 and 100,000 hosts in one group (`h[1:N]`); 100,000 should take
 * under 12x the 10,000 time (linear, plus start-up).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, seconds, type BenchRow } from './table.js';

const CLI = fileURLToPath(new URL('../engine/cli/main.js', import.meta.url));

function inventoryText(hostsPerGroup = 100): string {
  const lines = ['all:', '  vars:', '    ntp_server: ntp.example.com', '    ansible_user: ops', '  children:'];
  for (let region = 0; region < 4; region++) {
    lines.push(`    region${region}:`, '      vars:', `        region_name: region-${region}`, '      children:');
    for (let g = 0; g < 25; g++) {
      const group = `r${region}g${g}`;
      lines.push(`        ${group}:`, '          vars:', `            group_id: ${g}`, `            tier: "${g % 3}"`, '          hosts:');
      for (let h = 0; h < hostsPerGroup; h++) {
        lines.push(`            ${group}h${String(h).padStart(3, '0')}.cluster.example.com:`,
          `              ansible_host: 10.${region}.${g}.${h}`, `              peer_index: ${h}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Runs a command with its output going to a file, as `cmd > out.json` would, and times it. */
function time(command: string, args: readonly string[], out: string, env: NodeJS.ProcessEnv = process.env): { seconds: number; status: number | null } {
  const fd = openSync(out, 'w');
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: ['ignore', fd, 'inherit'], env: { ...env, ANSIBLE_NOCOLOR: '1' } });
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status: result.status };
  } finally {
    closeSync(fd);
  }
}

/** `--list` at 10,000 and 100,000 hosts in one group (`h[1:N]`): 100,000 should take under 12x the 10,000 time. */
function scaling(dir: string): BenchRow {
  const [small = 0, large = 0] = [10_000, 100_000].map((n) => {
    const file = join(dir, `scale-${n}.yml`);
    writeFileSync(file, `all:\n  hosts:\n    h[1:${n}]:\n`);
    const runs = [1, 2].map(() => time(process.execPath, [CLI, 'inventory', '-i', file, '--list'], join(dir, 'scale.out')));
    if (runs.some((r) => r.status !== 0)) throw new Error(`runbook inventory --list failed on ${n} hosts`);
    return Math.min(...runs.map((r) => r.seconds));
  });
  return { figure: 'inventory --list, 100,000 hosts (one group)', ours: seconds(large), anchor: `10,000 hosts: ${seconds(small)}`,
    ratio: `${(large / small).toFixed(1)}x`, goal: '< 12x the 10,000 time', isMet: large / small < 12 };
}

/** The best of five runs of `node args`, in seconds. */
function bestOfFive(args: readonly string[], out: string, env?: NodeJS.ProcessEnv): number {
  const runs = [1, 2, 3, 4, 5].map(() => time(process.execPath, args, out, env));
  if (runs.some((r) => r.status !== 0)) throw new Error(`node ${args.join(' ')} failed`);
  return Math.min(...runs.map((r) => r.seconds));
}

/**
 * What every whole-process figure starts with: Node's own start-up. When NODE_EXTRA_CA_CERTS is set (it is on this
 * machine), Node 20 reads and parses that CA file at every start (Node 22 and later wait until TLS needs it); runbook
 * never speaks TLS, but cannot unset it before Node starts. So the two figures it changes are shown without it too.
 */
function startUp(dir: string, file: string, withIt: number): BenchRow[] {
  const out = join(dir, 'start.out');
  const bare = bestOfFive(['-e', '0'], out);
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) {
    return [{ figure: 'Node start-up (node -e 0)', ours: seconds(bare), anchor: 'NODE_EXTRA_CA_CERTS not set', ratio: '-', goal: '-', isMet: undefined }];
  }
  const { NODE_EXTRA_CA_CERTS: _unset, ...without } = process.env;
  const bareWithout = bestOfFive(['-e', '0'], out, without);
  const listWithout = bestOfFive([CLI, 'inventory', '-i', file, '--list'], out, without);
  return [
    { figure: 'Node start-up (node -e 0), NODE_EXTRA_CA_CERTS set', ours: seconds(bare), anchor: `unset: ${seconds(bareWithout)}`,
      ratio: '-', goal: '-', isMet: undefined },
    { figure: 'inventory --list, 10,000 hosts, NODE_EXTRA_CA_CERTS unset', ours: seconds(listWithout), anchor: `set: ${seconds(withIt)}`,
      ratio: '-', goal: '-', isMet: undefined },
  ];
}

/** `runbook inventory --list` on 10,000 hosts (best of 5, whole process) against `ansible-inventory --list`, and how it scales. */
export async function inventoryBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-inventory-bench-'));
  try {
    const file = join(dir, 'big.yml');
    writeFileSync(file, inventoryText());
    const ourOut = join(dir, 'runbook.json');
    const runs = [1, 2, 3, 4, 5].map(() => time(process.execPath, [CLI, 'inventory', '-i', file, '--list'], ourOut));
    if (runs.some((r) => r.status !== 0)) throw new Error('runbook inventory --list failed');
    const ours = Math.min(...runs.map((r) => r.seconds));
    const figure = `inventory --list, 10,000 hosts (${(statSync(file).size / 1024).toFixed(0)} KB, 100 groups, 3 levels)`;
    const goal = '<= 0.5 s and >= 20x';
    const ansible = (await hasCommand('ansible-inventory')) ? time('ansible-inventory', ['-i', file, '--list'], join(dir, 'ansible.json')) : undefined;
    let row: BenchRow = { figure, ours: seconds(ours), anchor: 'ansible-inventory: not installed', ratio: '-', goal, isMet: undefined };
    if (ansible?.status === 0) {
      const same = JSON.stringify(JSON.parse(readFileSync(ourOut, 'utf8'))) === JSON.stringify(JSON.parse(readFileSync(join(dir, 'ansible.json'), 'utf8')));
      const ratio = ansible.seconds / ours;
      row = { figure, ours: seconds(ours), anchor: `ansible-inventory ${seconds(ansible.seconds)}${same ? '' : ' (JSON DIFFERS)'}`,
        ratio: `${ratio.toFixed(1)}x faster`, goal, isMet: ours <= 0.5 && ratio >= 20 && same };
    }
    return [row, ...startUp(dir, file, ours), scaling(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
