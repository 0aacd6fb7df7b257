import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { EXIT, type ExitCode } from '../engine/cli/exit-codes.js';
import { checkParams, parseExtraVars } from '../engine/cli/extra-vars.js';
import type { Terminal } from '../engine/cli/terminal.js';
import { EngineError } from '../engine/core/index.js';
import { parseDuration } from '../engine/runbook/index.js';
import { findRunbook, gatherShape } from './gather-shape.js';
import { FAULT_KINDS, planCells, unknownFilterTerms, type CellFilter } from './matrix.js';
import { rehearse } from './rehearsal.js';
import { jobsOf, stopCleanly } from './command-options.js';
import { differenceLine, renderReport } from './report.js';

// `runbook test` comes in by this file too: it is the one way from engine/cli/program.ts into rehearse/
export { testCommand, type TestOptions } from './test-command.js';

/** The options of `runbook rehearse`. */
export interface RehearseOptions {
  readonly inventory: readonly string[];
  readonly extraVars: readonly string[];
  readonly limit?: string;
  readonly faults?: string;
  readonly peers?: string;
  readonly steps?: string;
  readonly budget?: string;
  readonly jobs?: string;
  readonly cellTimeout?: string;
  readonly format: 'text' | 'markdown' | 'json';
  readonly out?: string;
}

function list(value: string | undefined): string[] {
  return value ? value.split(',').map((t) => t.trim()).filter(Boolean) : [];
}

function duration(option: string, value: string): number {
  const ms = parseDuration(value);
  if (!(ms > 0) || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) throw new EngineError('usage', `${option} ${value}: expected a duration such as 10m, 90s or 1h30m`);
  return ms;
}


/**
 * `runbook rehearse RUNBOOK -i INVENTORY`: reads the cluster read-only, rehearses the runbook on simulated twins
 * under the fault matrix and prints the report. Exit 0 when every cell passes, 2 when one fails.
 */
export async function rehearseCommand(terminal: Terminal, runbookName: string, options: RehearseOptions): Promise<ExitCode> {
  const cwd = process.cwd();
  if (!options.inventory.length) throw new EngineError('usage', 'no inventory given', { hint: 'use -i FILE (looked up in inventories/)' });
  const jobs = jobsOf(options.jobs, Math.max(1, availableParallelism() - 1));
  const budgetMs = options.budget === undefined ? undefined : duration('--budget', options.budget);
  const runbook = findRunbook(runbookName, cwd);
  const given = parseExtraVars(options.extraVars);
  checkParams(runbook, given);
  const filter: CellFilter = { faults: list(options.faults), peers: list(options.peers), steps: list(options.steps) };
  const badFaults = (filter.faults ?? []).filter((f) => !(FAULT_KINDS as readonly string[]).includes(f));
  if (badFaults.length) throw new EngineError('usage', `--faults: unknown ${badFaults.join(', ')}`, { hint: `the faults are ${FAULT_KINDS.join(', ')}` });
  const shape = await gatherShape({ runbook, inventory: options.inventory, cwd, ...(options.limit ? { limit: options.limit } : {}) });
  const strangers = (filter.peers ?? []).filter((p) => !shape.hosts.includes(p));
  if (strangers.length) throw new EngineError('usage', `--peers: ${strangers.join(', ')} not among the runbook's hosts (${shape.hosts.join(', ')})`);
  terminal.err(`twin: ${shape.hosts.length} peers at ${shape.version} (${shape.consensus}), ${shape.pinCount} pins; running the baseline…`);
  // finished cells stay saved for a resume
  stopCleanly(terminal, 'stopping the twins; run the same command again to resume the rehearsal');
  const extraVars = options.extraVars.map((v) => (v.startsWith('@') ? `@${resolve(cwd, v.slice(1))}` : v));
  const result = await rehearse({
    runbook: resolve(runbook.file), runbookText: JSON.stringify(runbook.steps), extraVars, shape, filter, jobs,
    ...(budgetMs === undefined ? {} : { budgetMs }), folder: join(cwd, '.runbook', 'rehearsals'),
    cellTimeoutMs: options.cellTimeout ? duration('--cell-timeout', options.cellTimeout) : 600_000,
    onProgress: (done, total, record) => terminal.err(`[${done}/${total}] ${record.cell.id}: ${record.verdict === 'pass' ? 'pass' : `FAIL: ${differenceLine(record)}`} (${Math.round(record.durationMs / 1000)} s)`),
  });
  const unknown = unknownFilterTerms(planCells(result.baseline.steps, result.baseline.releases.old), filter);
  for (const term of unknown) terminal.err(`warning: ${term} matches no cell`);
  const report = renderReport(result, { runbook: runbook.name, extraVarNames: Object.keys(given), shape, jobs }, options.format);
  if (options.out) writeFileSync(options.out, report);
  terminal.out(report);
  const isGreen = result.baseline.record.verdict === 'pass' && result.cells.every((r) => r.verdict === 'pass') && result.notRun.length === 0;
  return isGreen ? EXIT.ok : EXIT.hostsFailed;
}
