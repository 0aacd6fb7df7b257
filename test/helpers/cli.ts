import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI entry point, run as a real process the way `npx runbook` does. */
export const CLI = fileURLToPath(new URL('../../engine/cli/main.js', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `runbook ARGS` in `cwd` and waits for it. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd, encoding: 'utf8', env: { ...process.env, ...options.env }, timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The ids of the runs recorded under `dir`/.runbook/runs (none when the folder is missing). */
export function runIds(dir: string): string[] {
  const runs = join(dir, '.runbook', 'runs');
  return existsSync(runs) ? readdirSync(runs) : [];
}

/**
 * Calls `start`, then returns the id of the one run it recorded. Ids begin with the second the run started, so two
 * runs started in the same second sort by their random suffix: compare the folder before and after instead.
 */
export function recordedRun(dir: string, start: () => unknown): string {
  const before = new Set(runIds(dir));
  start();
  const added = runIds(dir).filter((id) => !before.has(id));
  if (added.length !== 1) throw new Error(`expected one new run under ${dir}, found ${added.length}: ${added.join(', ')}`);
  return added[0]!;
}
