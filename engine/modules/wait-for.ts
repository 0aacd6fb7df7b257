import { shellQuote } from '../core/index.js';
import type { Command } from '../connection/index.js';
import { argvOf, commandArgs } from './command.js';
import { readOnHost } from './host-files.js';
import { parseDuration } from '../runbook/index.js';
import { isTrue } from '../template/index.js';
import { commandResult, type ModuleContext, type ModuleDefinition, type ModuleResult } from './types.js';

interface WaitArgs {
  readonly port?: number;
  readonly host?: string;
  readonly state?: 'started' | 'stopped' | 'present' | 'absent';
  readonly path?: string;
  readonly regex?: string;
  readonly command?: string | readonly string[];
  readonly until?: string;
  readonly timeout?: number | string;
  readonly delay?: number | string;
  readonly sleep?: number | string;
  readonly msg?: string;
}

/** Milliseconds of a duration argument (seconds, or `60s`, `1m30s`, `500ms`), or the fallback. */
function seconds(value: number | string | undefined, fallback: number): number {
  return value === undefined ? fallback : parseDuration(value);
}

/** One probe: whether the awaited condition holds now, with what was seen. */
async function probe(context: ModuleContext, args: WaitArgs): Promise<{ ok: boolean; result: ModuleResult }> {
  if (args.command !== undefined) {
    const argv = argvOf(commandArgs(args.command));
    const result = commandResult(await context.connection.exec({ kind: 'argv', argv }, context.exec), false);
    // until decides; without it, a regex on stdout does; without either, the exit code
    const holds = args.until !== undefined ? isTrue(context.evaluate(args.until, result)) : args.regex !== undefined || result.rc === 0;
    const matches = args.regex === undefined || new RegExp(args.regex, 'm').test(result.stdout ?? '');
    return { ok: holds && matches, result: { ...result, failed: false } };
  }
  if (args.port !== undefined) {
    // the check runs on the host, as Ansible's wait_for does: bash's /dev/tcp, no extra tool needed
    const target = `/dev/tcp/${args.host ?? '127.0.0.1'}/${args.port}`;
    const script = `exec 3<>${shellQuote(target)}`;
    const command: Command = { kind: 'argv', argv: ['bash', '-c', script] };
    const open = (await context.connection.exec(command, { ...context.exec, timeoutMs: 5000 })).exitCode === 0;
    return { ok: open === (args.state !== 'stopped'), result: { changed: false, failed: false, port: args.port, open } };
  }
  const path = args.path ?? '';
  const content = await readOnHost(context, path).catch(() => undefined);
  const present = content !== undefined && (args.regex === undefined || new RegExp(args.regex, 'm').test(content.toString('utf8')));
  return { ok: present === (args.state !== 'absent'), result: { changed: false, failed: false, path, present } };
}

/** Waits for a port, a path, a regex in a file, or a command's result, checking every `sleep` until `timeout`. */
export const waitForModule: ModuleDefinition = {
  name: 'wait_for',
  acts: 'host',
  describe: (args) => {
    const a = args as WaitArgs;
    const what = a.command !== undefined ? `\`${argvOf(commandArgs(a.command)).map(shellQuote).join(' ')}\`${a.until ? ` until ${a.until}` : a.regex ? ' output' : ' succeeds'}${a.regex ? ` matching /${a.regex}/` : ''}`
      : a.port !== undefined ? `port ${a.host === undefined ? '' : `${a.host}:`}${a.port} ${a.state === 'stopped' ? 'closed' : 'open'}` : `${a.path}${a.regex ? ` matching /${a.regex}/` : ''} ${a.state === 'absent' ? 'absent' : 'present'}`;
    const every = a.sleep === undefined ? '' : `, every ${seconds(a.sleep, 1000) / 1000} s`;
    const after = a.delay === undefined ? '' : `, after ${seconds(a.delay, 0) / 1000} s`;
    return `wait for ${what} (timeout ${seconds(a.timeout, 300_000) / 1000} s${every}${after})`;
  },
  async run(context) {
    const args = context.render({ ...(context.args as object), until: undefined }) as WaitArgs;
    const until = (context.args as WaitArgs).until;
    const timeout = seconds(args.timeout, 300_000);
    const started = Date.now();
    await context.sleep(seconds(args.delay, 0));
    for (let attempt = 1; ; attempt++) {
      const { ok, result } = await probe(context, { ...args, ...(until === undefined ? {} : { until }) });
      const elapsed = Date.now() - started;
      if (ok) return { ...result, changed: false, failed: false, attempts: attempt, elapsed_ms: elapsed };
      if (elapsed >= timeout) {
        const msg = args.msg ?? `timed out after ${(timeout / 1000).toFixed(0)} s waiting for ${waitForModule.describe(context.args).replace(/^wait for /, '').replace(/ \(timeout.*$/, '')}`;
        return { ...result, changed: false, failed: true, attempts: attempt, elapsed_ms: elapsed, msg };
      }
      await context.sleep(Math.min(seconds(args.sleep, 1000), Math.max(0, timeout - elapsed)));
    }
  },
};
