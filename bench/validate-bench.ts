/**
 * How fast `runbook validate` checks many large runbooks: 1,000 files of 200 steps each,
 * validated in one process as `runbook validate runbooks/*.yml` would. Prints seconds per 100 files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRunbookFile } from '../engine/runbook/index.js';

const FILES = Number(process.env.BENCH_FILES ?? 1000);
const STEPS = 200;

function runbookText(n: number): string {
  const steps = Array.from({ length: STEPS }, (_, i) => [
    `  - name: step ${i} of runbook ${n}`,
    `    command: [ipfs-cluster-ctl, --host, "{{ api }}", pin, add, "cid-${i}"]`,
    `    when: facts.ipfs_cluster.version is version('0.10.0', '>=')`,
    `    register: out_${i}`,
    `    retries: 3`,
    `    delay: 2s`,
  ].join('\n'));
  return `runbook: bench-${n}\nhosts: cluster\nvars:\n  api: /ip4/127.0.0.1/tcp/9094\nsteps:\n${steps.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-'));
try {
  const files = Array.from({ length: FILES }, (_, n) => {
    const file = join(dir, `runbook-${n}.yml`);
    writeFileSync(file, runbookText(n));
    return file;
  });
  const start = process.hrtime.bigint();
  let errors = 0;
  for (const file of files) errors += checkRunbookFile(file).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (errors) throw new Error(`benchmark runbooks should be valid, got ${errors} diagnostics`);
  console.log(`validate: ${FILES} files x ${STEPS} steps in ${seconds.toFixed(2)} s `
    + `= ${(seconds / (FILES / 100)).toFixed(3)} s per 100 files (goal: well under 1 s per 100 files)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
