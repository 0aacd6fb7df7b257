import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { EXIT, type ExitCode } from '../engine/cli/exit-codes.js';
import type { Terminal } from '../engine/cli/terminal.js';
import { EngineError, invalidInput, type Diagnostic } from '../engine/core/index.js';
import { jobsOf, stopCleanly } from './command-options.js';
import { loadScenario, type Scenario } from './scenario.js';
import { runScenario, type ScenarioResult } from './scenario-run.js';

/** The options of `runbook test`. */
export interface TestOptions {
  readonly jobs?: string;
}


/** The scenario files of the paths given: a file as it is, a folder's *.yml and *.yaml files (not nested), sorted. */
export function scenarioFiles(paths: readonly string[], cwd: string): string[] {
  return paths.flatMap((path) => {
    const full = resolve(cwd, path);
    if (!existsSync(full)) throw new EngineError('usage', `${path}: no such file or folder`, { hint: 'give scenario files or folders (default: scenarios/)' });
    if (!statSync(full).isDirectory()) return [full];
    const files = readdirSync(full).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(full, n));
    if (!files.length) throw new EngineError('usage', `${path}: no scenario files (*.yml) there`);
    return files;
  });
}

/** One line for a scenario: pass, or FAIL with the first expectation missed (expected, then seen); `tail` adds the run's last lines. */
export function resultLine(result: ScenarioResult, cwd: string, tail = false): string {
  const where = `${relative(cwd, result.scenario.file)}, ${Math.round(result.durationMs / 1000)} s`;
  const { mismatch } = result;
  return mismatch
    ? `FAIL ${result.scenario.scenario} (${where}): ${mismatch.check}: expected ${mismatch.expected}; saw ${mismatch.seen}${tail ? result.tail.map((l) => `\n    | ${l}`).join('') : ''}`
    : `pass ${result.scenario.scenario} (${where})`;
}


/**
 * `runbook test [PATH…]`: loads every scenario (any invalid one: exit 4, nothing run), runs each on a twin of its own,
 * `--jobs` at a time, and prints a line per scenario as it ends. Exit 0 when all pass, 2 when one fails.
 */
export async function testCommand(terminal: Terminal, paths: readonly string[], options: TestOptions): Promise<ExitCode> {
  const cwd = process.cwd();
  const jobs = jobsOf(options.jobs, 1);
  const files = scenarioFiles(paths.length ? paths : ['scenarios'], cwd);
  const loaded = files.map((file) => loadScenario(relative(cwd, file) || file, cwd));
  const diagnostics: Diagnostic[] = loaded.flatMap((l) => ('diagnostics' in l ? l.diagnostics : []));
  if (diagnostics.length) throw invalidInput(diagnostics);
  const scenarios = loaded.map((l) => (l as { scenario: Scenario }).scenario);
  stopCleanly(terminal, 'stopping the twins');
  const folder = join(tmpdir(), `runbook-test-${process.pid}`);
  const results: ScenarioResult[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < scenarios.length; i = next++) {
      results[i] = await runScenario(scenarios[i]!, join(folder, String(i)), 600_000);
      terminal.out(resultLine(results[i]!, cwd, true));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, scenarios.length) }, worker));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const failed = results.filter((r) => r.mismatch).length;
  terminal.out(`${scenarios.length - failed} passed, ${failed} failed`);
  return failed ? EXIT.hostsFailed : EXIT.ok;
}
