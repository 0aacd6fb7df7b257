/**
 * `runbook inventory --list` on a large inventory, as a whole process, against
 * `ansible-inventory --list` on the same file when Ansible is installed (it is never required).
 * The inventory: 10,000 hosts in 100 groups, three levels deep, with vars at every level.
 * Then how it scales: `--list` and `--list-hosts all` at 10,000 and 100,000 hosts, in 100 groups
 * and in one group (`h[1:N]`); 100,000 should take under 12x the 10,000 time (linear, plus start-up).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
function time(command: string, args: readonly string[], out: string): { seconds: number; status: number | null } {
  const fd = openSync(out, 'w');
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: ['ignore', fd, 'inherit'], env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status: result.status };
  } finally {
    closeSync(fd);
  }
}

/** Times `--list` and `--list-hosts all` at 10,000 and 100,000 hosts, for two shapes of inventory. */
function scaling(dir: string): void {
  const shapes: [string, (n: number) => string][] = [
    ['100 groups', (n) => inventoryText(n / 100)],
    ['one group', (n) => `all:\n  hosts:\n    h[1:${n}]:\n`],
  ];
  for (const [shape, text] of shapes) {
    for (const args of [['--list'], ['--list-hosts', 'all']]) {
      const seconds = [10_000, 100_000].map((n) => {
        const file = join(dir, `scale-${n}.yml`);
        writeFileSync(file, text(n));
        const run = time(process.execPath, [CLI, 'inventory', '-i', file, ...args], join(dir, 'scale.out'));
        if (run.status !== 0) throw new Error(`runbook inventory ${args.join(' ')} failed on ${n} hosts`);
        return run.seconds;
      });
      const [small = 0, large = 0] = seconds;
      console.log(`${shape}, ${args.join(' ')}: 10,000 hosts ${small.toFixed(2)} s, 100,000 hosts ${large.toFixed(2)} s`
        + ` (${(large / small).toFixed(1)}x; goal < 12x)`);
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'runbook-inventory-bench-'));
try {
  const file = join(dir, 'big.yml');
  writeFileSync(file, inventoryText());
  console.log(`inventory: 10,000 hosts, 100 groups, 3 levels, ${(statSync(file).size / 1024).toFixed(0)} KB`);
  const ourOut = join(dir, 'runbook.json');
  const runs = [1, 2, 3].map(() => time(process.execPath, [CLI, 'inventory', '-i', file, '--list'], ourOut));
  if (runs.some((r) => r.status !== 0)) throw new Error('runbook inventory --list failed');
  const ours = Math.min(...runs.map((r) => r.seconds));
  console.log(`runbook inventory --list: ${ours.toFixed(3)} s (best of 3, whole process; goal < 0.5 s)`);
  const ansible = spawnSync('ansible-inventory', ['--version']).status === 0
    ? time('ansible-inventory', ['-i', file, '--list'], join(dir, 'ansible.json')) : undefined;
  if (ansible?.status === 0) {
    const same = JSON.stringify(JSON.parse(readFileSync(ourOut, 'utf8'))) === JSON.stringify(JSON.parse(readFileSync(join(dir, 'ansible.json'), 'utf8')));
    console.log(`ansible-inventory --list: ${ansible.seconds.toFixed(3)} s (same JSON as ours: ${same ? 'yes' : 'NO'})`);
    console.log(`ratio: ${(ansible.seconds / ours).toFixed(1)}x faster (goal >= 20x)`);
  } else {
    console.log('ansible-inventory: not installed (apt-get install ansible-core to compare)');
  }
  scaling(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
