import { EngineError, shellQuote } from '../core/index.js';
import type { Command, ExecOptions, ExecResult } from './types.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The command line sent to a remote login shell: every word POSIX-quoted, so values arrive as literal data.
 * `[cd DIR &&] exec [sudo -n -u USER --] [env K=V …] PROGRAM ARGS…`; a shell command is `/bin/sh -c SCRIPT`.
 * `exec` makes the program the session's process-group leader, which a timeout signals.
 */
export function remoteCommand(command: Command, options: Pick<ExecOptions, 'env' | 'cwd' | 'become'> = {}): string {
  const program = command.kind === 'argv' ? command.argv : [command.executable ?? '/bin/sh', '-c', command.script];
  const env = Object.entries(options.env ?? {}).map(([name, value]) => {
    if (!ENV_NAME.test(name)) throw new EngineError('invalid-input', `environment variable name "${name}" is not a valid name`, { hint: 'use letters, digits and _ only, not starting with a digit' });
    return `${name}=${value}`;
  });
  const words = [
    ...(options.become === undefined ? [] : ['sudo', '-n', '-u', options.become, '--']),
    ...(env.length === 0 ? [] : ['env', ...env]),
    ...(program.length === 0 ? [''] : program),
  ];
  const line = `exec ${words.map(shellQuote).join(' ')}`;
  return options.cwd === undefined ? line : `cd ${shellQuote(options.cwd)} && ${line}`;
}

/** Adds what to do to sudo's words when it is missing on the host or wants a password; other results pass as they are. */
export function withBecomeHint(host: string, become: string | undefined, result: ExecResult): ExecResult {
  if (become === undefined) return result;
  if (result.exitCode === 127 && /\bsudo: (command )?not found/.test(result.stderr)) {
    return { ...result, stderr: `${result.stderr}become needs sudo on ${host}, which has none: install sudo there or drop become\n` };
  }
  if (result.exitCode === 1 && /sudo: (a password is required|a terminal is required)/.test(result.stderr)) {
    return { ...result, stderr: `${result.stderr}become on ${host}: sudo wants a password; allow the user NOPASSWD in sudoers (runbook never types one)\n` };
  }
  return result;
}
