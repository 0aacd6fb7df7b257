import { readFileSync } from 'node:fs';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic } from '../core/index.js';
// the files themselves, not their folders' index: every command loads this module, few need the executor
import { maskSecretAssignments } from '../executor/redact.js';
import { formatDiagnostic } from '../reporters/format-diagnostic.js';

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

/**
 * Ctrl-C (or SIGTERM) once: `stop` (no new step starts); twice: `kill` (running steps are killed).
 * Each is aborted with the signal's name as its reason.
 */
export interface Interrupts {
  readonly stop: AbortSignal;
  readonly kill: AbortSignal;
}

/**
 * npm (`npx runbook`) forwards the terminal's Ctrl-C to its child, which the terminal already sent
 * it: the same Ctrl-C arrives twice within milliseconds. A repeat this soon is not a second Ctrl-C.
 */
const REPEAT_MS = 500;

/**
 * Listens for SIGINT and SIGTERM for the rest of the process: the first stops new work (running
 * steps end, undo hooks owed by failing hosts run, the journal is written; the command exits 99),
 * the second kills the running steps' process groups. Each says what it does, on stderr.
 */
export function processInterrupts(terminal: Terminal): Interrupts {
  const stop = new AbortController();
  const kill = new AbortController();
  let last = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    const now = Date.now();
    if (now - last < REPEAT_MS) return;
    last = now;
    const key = signal === 'SIGINT' ? 'Ctrl-C' : signal;
    if (!stop.signal.aborted) {
      terminal.err(terminal.chalk.yellow(`interrupted (${signal}): no new step starts; waiting for the running steps to end (${key} again kills them)`));
      stop.abort(signal);
    } else if (!kill.signal.aborted) {
      terminal.err(terminal.chalk.red(`interrupted again (${signal}): killing the running steps' process groups (SIGTERM, then SIGKILL); undo hooks still run and the journal is written`));
      kill.abort(signal);
    } else {
      terminal.err(terminal.chalk.red('already killing the running steps: waiting for the undo hooks and the journal'));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { stop: stop.signal, kill: kill.signal };
}

/**
 * A writer to stdout or stderr that a closed reader never stops: the first error (EPIPE after
 * `| head -1` or quitting `less`, EIO from a terminal gone away) is swallowed and nothing more is
 * written to that stream, so the run goes on to its end, its journal and its own exit code.
 * The listener also covers what others write there (listr2).
 */
function guardedWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let isClosed = false;
  stream.on('error', () => { isClosed = true; });
  return (text) => {
    if (isClosed || stream.destroyed) return;
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  };
}

let writers: { out: (text: string) => void; err: (text: string) => void } | undefined;

/** Colours only on a TTY, and never with NO_COLOR set (https://no-color.org) or --no-color. */
export function processTerminal(options: { color: boolean }): Terminal {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const level = options.color && !noColor && process.stdout.isTTY ? 1 : 0;
  writers ??= { out: guardedWriter(process.stdout), err: guardedWriter(process.stderr) };
  return {
    chalk: new Chalk({ level }),
    out: writers.out,
    err: writers.err,
    isInteractive: process.stdin.isTTY === true && process.stderr.isTTY === true,
    isLive: process.stdout.isTTY === true && process.env.CI !== 'true',
    ask: async (question) => {
      // loaded when a question is asked: most commands never ask one
      const { createInterface } = await import('node:readline/promises');
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      // the prompt reads the terminal raw, so Ctrl-C arrives as a key, not as a signal: pass it on as
      // the SIGINT it stands for (the run stops as for any Ctrl-C), and take it as no answer
      const unanswered = new AbortController();
      prompt.on('SIGINT', () => {
        unanswered.abort();
        process.kill(process.pid, 'SIGINT');
      });
      try {
        return await prompt.question(question, { signal: unanswered.signal });
      } catch (error) {
        if (unanswered.signal.aborted) return '';
        throw error;
      } finally {
        prompt.close();
      }
    },
  };
}

/** Prints diagnostics with their source lines (secret-looking values and the run's secrets masked); files are read once each. */
export function printDiagnostics(terminal: Terminal, diagnostics: readonly Diagnostic[], maskSource: (line: string) => string = (line) => line): void {
  const cache = new Map<string, string[] | undefined>();
  const sourceLine = (file: string, line: number) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, 'utf8').split('\n'));
      } catch {
        cache.set(file, undefined);
      }
    }
    const text = cache.get(file)?.[line - 1];
    return text === undefined ? undefined : maskSource(maskSecretAssignments(text));
  };
  for (const d of diagnostics) terminal.err(`${formatDiagnostic(d, { chalk: terminal.chalk, sourceLine })}\n`);
}
