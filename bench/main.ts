/**
 * `npm run bench`: every bench, then ONE table (figure, ours, the anchor, the ratio, the goal), with the date,
 * the machine, Node and the load average it was taken at. The anchors (ansible-core, OpenSSH's client) are
 * measured side by side when installed; without ansible-core the rows say "not installed" and the bench still runs.
 * `--no-ansible` leaves ansible out; `--no-ssh` leaves the SSH benches out (they start sshd: root needed).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { argv, version } from 'node:process';
import { engineBench } from './engine-bench.js';
import { inventoryBench } from './inventory-bench.js';
import { sshBench } from './ssh-bench.js';
import { sshScaleBench } from './ssh-scale-bench.js';
import { formatTable, hasCommand, type BenchRow } from './table.js';
import { validateBench } from './validate-bench.js';

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const loads: string[] = [load()];
const rows: BenchRow[] = [];
const hasAnsible = !argv.includes('--no-ansible') && (await hasCommand('ansible-playbook'));
const benches: [string, () => BenchRow[] | Promise<BenchRow[]>][] = [
  ['inventory', inventoryBench], ['validate', validateBench], ['engine', engineBench],
  ...(argv.includes('--no-ssh') ? [] : [['ssh', () => sshBench({ hasAnsible })], ['ssh-scale', sshScaleBench]] as [string, () => Promise<BenchRow[]>][]),
];
for (const [name, bench] of benches) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    rows.push(...(await bench()));
  } catch (error) {
    // one bench that cannot run (no sshd, say) leaves the others' figures standing
    rows.push({ figure: `${name} bench`, ours: `failed: ${String((error as Error).message).split('\n')[0]}`, anchor: '-', ratio: '-', goal: '-', isMet: false });
  }
  loads.push(load());
}
const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${version}, ${cpus().length} x ${cpu}, `
  + `${(totalmem() / 2 ** 30).toFixed(0)} GB; load average (1, 5, 15 min) before and after each bench: ${loads.join(' | ')}`);
console.log(formatTable(rows));
