import { dirname } from 'node:path';
import type { SourceRef } from '../core/index.js';
import type { Connection, ExecOptions } from '../connection/index.js';
import { isTrue, MODULES, type ModuleContext, type ModuleResult } from '../modules/index.js';
import { parseDuration, type Duration, type Flag, type Task } from '../runbook/index.js';
import type { Frame, RunContext } from './context.js';
import type { HostState } from './host-state.js';
import { argsAt } from './task-decisions.js';
import type { HostVars } from './variables.js';

// Running a task's module on a host: its environment, become and timeout, the context the module sees, and its
// retries (`until`, `retries`, `delay`) with `changed_when` and `failed_when` applied to the last result.

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** A duration in milliseconds: as loaded (a number), or its template rendered and read (`5s`, `1m30s`). */
function durationMs(value: Duration | undefined, vars: HostVars, at: SourceRef): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : parseDuration(String(vars.render(value, at)));
}

/** A flag's value on this host: as written, or its template rendered. */
export function isSet(flag: Flag, vars: HostVars, at: SourceRef): boolean {
  return typeof flag === 'boolean' ? flag : isTrue(vars.render(flag, at));
}

/** How the module's commands run: the environment layers, `timeout` and `become`, rendered for this host. */
export function execOptions(ctx: RunContext, task: Task, frame: Frame, vars: HostVars, signal: AbortSignal): ExecOptions {
  const env: Record<string, string> = {};
  for (const layer of [...frame.environment, task.environment]) {
    for (const [key, value] of Object.entries(vars.render(layer, task.at) as Record<string, unknown>)) env[key] = String(value);
  }
  const timeoutMs = durationMs(task.timeout, vars, task.at);
  return { env, signal, ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(isSet(task.become, vars, task.at) ? { become: String(vars.render(task.becomeUser ?? 'root', task.at)) } : {}) };
}

/** What a module sees of the run: the host, its arguments, and its services. */
export function moduleContext(ctx: RunContext, task: Task, host: HostState, vars: HostVars, connection: Connection, exec: ExecOptions, signal: AbortSignal): ModuleContext {
  return {
    host: host.name, connection, args: task.args, exec, runbookDir: dirname(ctx.runbook.file), runDir: ctx.runDir,
    prompter: ctx.prompter, showDiff: ctx.options.diff === true, render: (value, extra) => vars.render(value, argsAt(task), extra),
    renderFile: (text, name) => vars.renderFile(text, name, argsAt(task)),
    evaluate: (expression, extra) => vars.evaluate(expression, argsAt(task), extra), sleep: (ms) => sleep(ms, signal),
  };
}

/** One run of the module, killed by a second Ctrl-C or at its `timeout` (then failed, `timed_out`). */
async function runModule(ctx: RunContext, task: Task, host: HostState, frame: Frame, vars: HostVars, connection: Connection): Promise<ModuleResult> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  ctx.killSignal.addEventListener('abort', stop, { once: true });
  const exec = execOptions(ctx, task, frame, vars, controller.signal);
  const timer = exec.timeoutMs === undefined ? undefined : setTimeout(stop, exec.timeoutMs + 100);
  const context = moduleContext(ctx, task, host, vars, connection, exec, controller.signal);
  try {
    const result = await MODULES[task.module].run(context);
    if (controller.signal.aborted && !ctx.killSignal.aborted && !result.timed_out) {
      return { ...result, failed: true, timed_out: true, msg: `timed out after ${((exec.timeoutMs ?? 0) / 1000).toFixed(1)} s` };
    }
    return result;
  } finally {
    if (timer) clearTimeout(timer);
    ctx.killSignal.removeEventListener('abort', stop);
  }
}

/** The registered value of a result: Ansible's fields plus stdout_lines and duration. */
function registeredValue(result: ModuleResult, durationMs: number, attempts: number): Record<string, unknown> {
  const lines = (text: unknown) => (typeof text === 'string' && text !== '' ? text.split('\n') : []);
  return { ...result, stdout_lines: lines(result.stdout), stderr_lines: lines(result.stderr), skipped: false, duration_ms: durationMs, attempts };
}

/** Runs the task with its retries, then applies changed_when and failed_when. */
export async function attempt(ctx: RunContext, task: Task, host: HostState, frame: Frame, vars: HostVars, id: string): Promise<{ value: Record<string, unknown>; attempts: number }> {
  const connection = ctx.connect(task.delegateTo === undefined ? host.name : String(vars.render(task.delegateTo, task.at)));
  const tries = task.until ? (task.retries === undefined ? 3 : Math.max(task.retries, 0) + 1) : 1;
  const delay = durationMs(task.delay, vars, task.at) ?? 5000;
  const started = Date.now();
  for (let n = 1; ; n++) {
    const result = await runModule(ctx, task, host, frame, vars, connection);
    const value = registeredValue(result, Date.now() - started, n);
    const extra = task.register ? { ...value, [task.register]: value } : value;
    const done = !task.until || isTrue(vars.evaluate(task.until.source, task.until.at, extra));
    if (done || n >= tries || ctx.signal.aborted) {
      if (!done) Object.assign(value, { failed: true, msg: `${result.msg ? `${result.msg}; ` : ''}until \`${task.until!.source}\` still false after ${n} attempts` });
      if (task.changedWhen) value.changed = isTrue(vars.evaluate(task.changedWhen.source, task.changedWhen.at, extra));
      if (task.failedWhen) value.failed = isTrue(vars.evaluate(task.failedWhen.source, task.failedWhen.at, extra));
      return { value, attempts: n };
    }
    ctx.emit({ type: 'retry', id, host: host.name, attempt: n + 1, of: tries });
    await sleep(delay, ctx.signal);
  }
}
