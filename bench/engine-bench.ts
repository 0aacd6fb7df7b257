/**
 * The engine's own cost, over the local connection:
 * 1. 100 hosts × 20 `command: true` steps, against the same 2,000 spawns of `true` done bare
 *    (same concurrency): the difference per step per host is the engine's overhead (goal < 2 ms).
 * 2. Planning (a dry run, no facts) 10,000 hosts × 50 steps: time and memory (goal < 2 s, < 500 MB).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localConnection, type Connection } from '../engine/connection/index.js';
import { executeRun, type RunOptions } from '../engine/executor/index.js';
import { loadInventory } from '../engine/inventory/index.js';
import { loadRunbook } from '../engine/runbook/index.js';
import { seconds, type BenchRow } from './table.js';

const FORKS = 50;

function setUp(dir: string, hosts: number, steps: number): { runbook: string; inventory: string; names: string[] } {
  const names = Array.from({ length: hosts }, (_, i) => `h${i}`);
  const runbook = join(dir, 'bench.yml');
  writeFileSync(runbook, `runbook: bench\nhosts: all\nsteps:\n${Array.from({ length: steps }, (_, i) => `  - name: step ${i}\n    command: ["true"]\n`).join('')}`);
  const inventory = join(dir, 'inventory.yml');
  writeFileSync(inventory, `all:\n  vars: { ansible_connection: local }\n  hosts:\n${names.map((n) => `    ${n}:\n`).join('')}`);
  return { runbook, inventory, names };
}

async function run(dir: string, hosts: number, steps: number, mode: RunOptions['mode']): Promise<{ seconds: number; steps: number }> {
  const { runbook, inventory, names } = setUp(dir, hosts, steps);
  const connections = new Map<string, Connection>();
  const start = process.hrtime.bigint();
  let ended = 0;
  const outcome = await executeRun({
    runbook: loadRunbook(runbook), inventory: loadInventory([inventory]), hosts: names, extraVars: {}, runId: 'bench', runDir: join(dir, 'run'),
    options: { mode, forks: FORKS, noRollback: false, tags: [], skipTags: [], startAtStep: undefined },
    connect: (host) => connections.get(host) ?? connections.set(host, localConnection(host, { home: dir, baseEnv: process.env })).get(host)!,
    prompter: { canAsk: false, assumeYes: false, ask: async () => '' }, emit: (e) => { if (e.type === 'step-end') ended++; },
  });
  if (outcome.exitCode !== 0) throw new Error(`bench run failed: ${JSON.stringify(outcome.recap[0])}`);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, steps: ended };
}

/** The floor: the same number of `true` processes, FORKS at a time, with nothing else around them. */
async function bareSpawns(count: number, cwd: string): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    for (; next < count; next++) {
      await new Promise<void>((resolve, reject) => spawn('true', [], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }).on('close', () => resolve()).on('error', reject));
    }
  };
  await Promise.all(Array.from({ length: FORKS }, worker));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The engine's overhead per step and host over the local connection, and planning 10,000 hosts x 50 steps. */
export async function engineBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-engine-bench-'));
  try {
    mkdirSync(join(dir, 'run'), { recursive: true });
    const bare = await bareSpawns(2000, dir);
    const engine = await run(dir, 100, 20, 'run');
    const overheadMs = ((engine.seconds - bare) / 2000) * 1000;
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const planning = await run(dir, 10_000, 50, 'check');
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const peakMb = peak / 1024 / 1024;
    return [
      { figure: 'exec 100 local hosts x 20 steps: overhead per step-host', ours: `${overheadMs.toFixed(2)} ms`,
        anchor: `2,000 bare spawns ${seconds(bare)}, ours ${seconds(engine.seconds)}`, ratio: `${(engine.seconds / bare).toFixed(2)}x`, goal: '< 2 ms', isMet: overheadMs < 2 },
      { figure: `plan 10,000 hosts x 50 steps (${planning.steps} decisions)`, ours: `${seconds(planning.seconds)}, ${peakMb.toFixed(0)} MB peak RSS`,
        anchor: '-', ratio: '-', goal: '<= 2 s, <= 500 MB', isMet: planning.seconds <= 2 && peakMb <= 500 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
