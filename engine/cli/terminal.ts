import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic } from '../core/index.js';
import { formatDiagnostic } from '../reporters/index.js';

/** Where commands write, and whether in colour: decided once, from the process, in main. */
export interface Terminal {
  readonly chalk: ChalkInstance;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether a person is there to answer (stdin and stderr are a TTY). */
  readonly isInteractive: boolean;
  /** Whether a live view fits: stdout is a terminal and this is not CI. */
  readonly isLive: boolean;
  ask(question: string): Promise<string>;
}

/** Ctrl-C once: `stop` (no new step starts); twice: `kill` (running steps are killed). */
export interface Interrupts {
  readonly stop: AbortSignal;
  readonly kill: AbortSignal;
}

/** Colours only on a TTY, and never with NO_COLOR set (https://no-color.org) or --no-color. */
export function processTerminal(options: { color: boolean }): Terminal {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const level = options.color && !noColor && process.stdout.isTTY ? 1 : 0;
  return {
    chalk: new Chalk({ level }),
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    isInteractive: process.stdin.isTTY === true && process.stderr.isTTY === true,
    isLive: process.stdout.isTTY === true && process.env.CI !== 'true',
    ask: async (question) => {
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await prompt.question(question);
      } finally {
        prompt.close();
      }
    },
  };
}

/** Prints diagnostics with their source lines; files are read once each. */
export function printDiagnostics(terminal: Terminal, diagnostics: readonly Diagnostic[]): void {
  const cache = new Map<string, string[] | undefined>();
  const sourceLine = (file: string, line: number) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, 'utf8').split('\n'));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file)?.[line - 1];
  };
  for (const d of diagnostics) terminal.err(`${formatDiagnostic(d, { chalk: terminal.chalk, sourceLine })}\n`);
}
