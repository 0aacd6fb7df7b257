/**
 * How fast `runbook validate` checks many large runbooks: 200 files (BENCH_FILES) of 200 steps each,
 * validated in one process as `runbook validate runbooks/*.yml` would: seconds per 100 files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRunbookFile } from '../engine/runbook/index.js';
import { checkTemplate } from '../engine/template/index.js';
import { seconds, type BenchRow } from './table.js';

const FILES = Number(process.env.BENCH_FILES ?? 200);
const STEPS = 200;

function runbookText(n: number): string {
  const steps = Array.from({ length: STEPS }, (_, i) => [
    `  - name: step ${i} of runbook ${n}`,
    `    command: [ipfs-cluster-ctl, --host, "{{ api }}", pin, add, "cid-${i}"]`,
    `    when: facts.ipfs_cluster.version is version('0.10.0', '>=')`,
    `    register: out_${i}`,
    `    until: out_${i}.rc == 0`,
    `    retries: 3`,
    `    delay: 2s`,
  ].join('\n'));
  return `runbook: bench-${n}\nhosts: cluster\nvars:\n  api: /ip4/127.0.0.1/tcp/9094\nsteps:\n${steps.join('\n')}\n`;
}

/** Validates FILES runbooks of STEPS steps in one process; the figure is seconds per 100 files. */
export function validateBench(): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-'));
  try {
    const files = Array.from({ length: FILES }, (_, n) => {
      const file = join(dir, `runbook-${n}.yml`);
      writeFileSync(file, runbookText(n));
      return file;
    });
    const start = process.hrtime.bigint();
    let errors = 0;
    // as `runbook validate` checks them: the schema, the format rules, and every template and condition
    for (const file of files) errors += checkRunbookFile(file, { checkTemplate }).length;
    const total = Number(process.hrtime.bigint() - start) / 1e9;
    if (errors) throw new Error(`benchmark runbooks should be valid, got ${errors} diagnostics`);
    const per100 = total / (FILES / 100);
    return [{ figure: `validate ${FILES} runbooks x ${STEPS} steps, per 100 files`, ours: seconds(per100), anchor: `all: ${seconds(total)}`,
      ratio: '-', goal: '< 1 s per 100 files', isMet: per100 < 1 }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
