import { EngineError, shellQuote, shlexSplit } from '../core/index.js';
import type { Command } from '../connection/index.js';
import { commandResult, type ModuleContext, type ModuleDefinition, type ModuleResult } from './types.js';

interface CommandArgs {
  readonly argv?: readonly unknown[];
  readonly cmd?: string;
  readonly chdir?: string;
  readonly stdin?: string;
  readonly creates?: string;
  readonly removes?: string;
  readonly executable?: string;
}

/** `command: "a b"`, `command: [a, b]`, or `command: {argv|cmd, chdir, stdin, creates, removes}`. */
export function commandArgs(args: unknown): CommandArgs {
  if (typeof args === 'string') return { cmd: args };
  if (Array.isArray(args)) return { argv: args };
  return (args ?? {}) as CommandArgs;
}

/** The argv of a command: a list as given, or a string split as a shell would split it (never run by one). */
export function argvOf(args: CommandArgs): string[] {
  if (args.argv) return args.argv.map(String);
  try {
    return shlexSplit(args.cmd ?? '');
  } catch (error) {
    throw new EngineError('failed', `cannot split the command "${args.cmd}": ${(error as Error).message}`);
  }
}

/** `creates`/`removes`: skip the command when the file already exists / is already gone. */
async function isAlreadyDone(context: ModuleContext, args: CommandArgs): Promise<string | undefined> {
  for (const [path, wanted] of [[args.creates, 0], [args.removes, 1]] as const) {
    if (path === undefined) continue;
    const test = await context.connection.exec({ kind: 'argv', argv: ['test', '-e', path] }, context.exec);
    if ((test.exitCode === 0 ? 0 : 1) === wanted) return `${path} ${wanted === 0 ? 'exists' : 'does not exist'}`;
  }
  return undefined;
}

/** Runs a command on the host and returns its result; shared by command and shell. */
export async function runCommand(context: ModuleContext, command: Command, args: CommandArgs): Promise<ModuleResult> {
  const done = await isAlreadyDone(context, args);
  if (done) return { rc: 0, stdout: '', stderr: '', changed: false, failed: false, msg: `skipped: ${done}` };
  const result = await context.connection.exec(command, {
    ...context.exec, ...(args.chdir ? { cwd: args.chdir } : {}), ...(args.stdin !== undefined ? { stdin: args.stdin } : {}),
  });
  return commandResult(result);
}

/** What else decides how a command runs, for plans: ` (in sub, unless here exists, with stdin)`, or nothing. */
function conditionsLabel(args: CommandArgs): string {
  const parts = [
    args.chdir === undefined ? undefined : `in ${args.chdir}`,
    args.executable === undefined ? undefined : `with ${args.executable}`,
    args.creates === undefined ? undefined : `unless ${args.creates} exists`,
    args.removes === undefined ? undefined : `only if ${args.removes} exists`,
    args.stdin === undefined ? undefined : 'with stdin',
  ].filter((p) => p !== undefined);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export const commandModule: ModuleDefinition = {
  name: 'command',
  acts: 'host',
  describe: (args) => `${argvOf(commandArgs(args)).map(shellQuote).join(' ')}${conditionsLabel(commandArgs(args))}`,
  async run(context) {
    const args = commandArgs(context.render(context.args));
    const argv = argvOf(args);
    if (!argv.length) return { changed: false, failed: true, msg: 'the command is empty' };
    return runCommand(context, { kind: 'argv', argv }, args);
  },
};

export const shellModule: ModuleDefinition = {
  name: 'shell',
  acts: 'host',
  describe: (args) => `${commandArgs(args).cmd ?? ''}${conditionsLabel(commandArgs(args))}`,
  async run(context) {
    const args = commandArgs(context.render(context.args));
    if (!args.cmd) return { changed: false, failed: true, msg: 'the shell command is empty' };
    return runCommand(context, { kind: 'shell', script: args.cmd, ...(args.executable ? { executable: args.executable } : {}) }, args);
  },
};
