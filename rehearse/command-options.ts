import { EXIT } from '../engine/cli/exit-codes.js';
import type { Terminal } from '../engine/cli/terminal.js';
import { EngineError } from '../engine/core/index.js';
import { killEngineRuns } from './run-engine.js';
import { closeOpenTwins } from './twin.js';

/** `--jobs N`: a whole number of at least 1; `fallback` when not given. */
export function jobsOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new EngineError('usage', `--jobs ${value}: expected a whole number of at least 1`);
  return n;
}

/** Ctrl-C or SIGTERM: the twins' runs are killed and their daemons stopped, `saying` why after the signal's name. */
export function stopCleanly(terminal: Terminal, saying: string): void {
  const stop = (signal: NodeJS.Signals) => {
    terminal.err(`${signal}: ${saying}`);
    killEngineRuns();
    closeOpenTwins();
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
