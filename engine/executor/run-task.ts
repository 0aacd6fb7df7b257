import { EngineError, type Diagnostic } from '../core/index.js';
import { ConnectionError } from '../connection/index.js';
import { MODULES, type Preview } from '../modules/index.js';
import type { Task } from '../runbook/index.js';
import type { Frame, RunContext } from './context.js';
import type { StepStatus } from '../plan/index.js';
import type { HostState } from './host-state.js';
import { attempt, execOptions, isSet, moduleContext } from './run-module.js';
import { argsReads, checkTemplates, decide, describe } from './task-decisions.js';
import { lazyHostVars, snapshotOf } from './step-scope.js';
import type { HostVars } from './variables.js';

const NO_LOG = { censored: "the output has been hidden because 'no_log: true' was set for this step" };

/** A template error of a `no_log` step says where, never what: its message may quote the values it rendered. */
function hiddenIfNoLog(task: Task, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (!task.noLog) return [...diagnostics];
  return diagnostics.map((d) => ({ ...d, message: `the error is hidden because 'no_log: true' was set for this step (${task.module})`,
    hint: 'to see it, run the step without no_log on a test host' }));
}

/** Registers a result; a `no_log` step's result is secret, and so is one registered under a secret-looking name. */
function register(ctx: RunContext, task: Task, host: HostState, result: Record<string, unknown>): void {
  if (!task.register) return;
  host.registered[task.register] = result;
  if (!task.noLog && !ctx.secrets.isSecretName(task.register)) return;
  ctx.secrets.addName(task.register);
  ctx.secrets.add([result.stdout, result.stderr, result.content]);
}

/**
 * In a dry run, what a module can tell by reading only (copy, template: whether the file changes,
 * and the diff); undefined when it cannot look ahead, or its arguments are not known yet.
 */
async function previewOf(run: TaskRun): Promise<Preview | Error | undefined> {
  const { ctx, task, host, frame, vars } = run;
  const module = MODULES[task.module];
  if (!module.preview || task.noLog || task.delegateTo !== undefined || [...argsReads(task, vars)].some((n) => host.unknown.has(n))) return undefined;
  const exec = execOptions(ctx, task, frame, vars, ctx.killSignal);
  try {
    return await module.preview(moduleContext(ctx, task, host, vars, ctx.connect(host.name), exec, ctx.killSignal));
  } catch (error) {
    if (error instanceof EngineError || error instanceof ConnectionError) return error;
    throw error;
  }
}

/** Records a task's undo hooks; a list of them runs in the order written, so it is pushed reversed. */
function pushUndo(host: HostState, task: Task, id: string, name: string, frame: Frame): void {
  if (!task.rollback.length) return;
  const vars = snapshotOf(host, frame, task.vars);
  const environment = [...frame.environment, task.environment];
  for (const undo of [...task.rollback].reverse()) host.undo.push({ id, stepName: name, task: undo, vars, environment });
}

/** Why a step failed: its message, the exit code, and the end of stderr (of stdout when stderr says nothing). */
function failureMessage(task: Task, value: Record<string, unknown>): string {
  if (task.noLog) return 'failed (output hidden: no_log)';
  const tail = (text: unknown) => (typeof text === 'string' ? text.trim().split('\n').slice(-20).join('\n') : '');
  // some tools (ipfs-cluster-ctl among them) print their errors on stdout
  const output = tail(value.stderr) || (value.rc !== undefined && value.rc !== 0 ? tail(value.stdout) : '');
  const parts = [value.msg, value.rc !== undefined && value.rc !== 0 ? `exit code ${String(value.rc)}` : undefined, output || undefined];
  return parts.filter((p) => p !== undefined && p !== '').join(': ') || 'failed';
}

type EndExtra = { reason?: string; undo?: readonly string[]; attempts?: number; result?: Record<string, unknown>; diff?: string; readOnly?: boolean };

/** One task on one host, as the helpers below see it; `end` reports how it ended. */
interface TaskRun {
  readonly ctx: RunContext;
  readonly task: Task;
  readonly host: HostState;
  readonly frame: Frame;
  readonly id: string;
  readonly name: string;
  readonly vars: HostVars;
  readonly end: (status: StepStatus, extra?: EndExtra) => StepStatus;
}

/** A dry run's verdict on a step it does not run: would run, or decided at run time, with its undo hooks. */
async function planTask(run: TaskRun, decision: { reason: string } | undefined, undo: readonly string[], readsChangedHost: boolean): Promise<StepStatus> {
  const { ctx, task, host, id, name, vars, end } = run;
  const problem = checkTemplates(task, host, vars);
  if (problem) {
    const diagnostics = hiddenIfNoLog(task, problem.diagnostics);
    const message = diagnostics[0]?.message ?? (task.noLog ? 'failed (hidden: no_log)' : problem.message);
    ctx.diagnostics.push(...diagnostics);
    host.fail(message);
    return end('failed', { reason: message });
  }
  if (task.register) {
    if (task.checkMode.kind === 'assume') host.registered[task.register] = { changed: false, failed: false, ...task.checkMode.result };
    else host.unknown.set(task.register, `registered by step ${id} "${name}"`);
  }
  // a set_fact decided at run time: what it sets is known only then, so no later step may read an older value
  if (task.module === 'set_fact' && task.args && typeof task.args === 'object') {
    for (const key of Object.keys(task.args)) host.unknown.set(key, `set by step ${id} "${name}"`);
  }
  pushUndo(host, task, id, name, run.frame);
  if (readsChangedHost && !decision) {
    return end('runtime', { reason: 'a read-only step after steps that change the host: what it reads is known at run time', undo });
  }
  const preview = decision ? undefined : await previewOf(run);
  if (preview instanceof Error) {
    host.fail(preview.message);
    return end('failed', { reason: preview.message });
  }
  if (preview?.changed === false) return end('ok', { reason: 'no change: the file already holds this content', readOnly: true });
  if (task.checkMode.kind !== 'run') host.isChangedInDryRun = true;
  return end(decision ? 'runtime' : 'would-run', { ...(decision ? { reason: decision.reason } : {}), undo, ...(preview?.diff ? { diff: preview.diff } : {}) });
}

/** Runs the task; an unreachable host comes back as undefined, a template error as a failed result. */
async function attemptOrFail(run: TaskRun): Promise<{ value: Record<string, unknown>; attempts: number } | undefined> {
  const { ctx, host } = run;
  try {
    return await attempt(ctx, run.task, host, run.frame, run.vars, run.id);
  } catch (error) {
    if (error instanceof ConnectionError) {
      host.lostConnection(error.message);
      if (host.outcome === 'unreachable') ctx.emit({ type: 'host-status', host: host.name, outcome: 'unreachable', reason: error.message });
      return undefined;
    }
    if (!(error instanceof EngineError)) throw error;
    const diagnostics = hiddenIfNoLog(run.task, error.diagnostics);
    if (error.kind === 'invalid-input') ctx.diagnostics.push(...diagnostics);
    return { value: { changed: false, failed: true, msg: diagnostics[0]?.message ?? (run.task.noLog ? 'failed (hidden: no_log)' : error.message) }, attempts: 1 };
  }
}

/** Runs the task for real and records what it did: registered value, counts, set_fact, undo hooks. */
async function executeTask(run: TaskRun, undo: readonly string[]): Promise<StepStatus> {
  const { ctx, task, host, id, name, end } = run;
  ctx.emit({ type: 'step-start', id, host: host.name, name });
  host.touched = true;
  const outcome = await attemptOrFail(run);
  if (!outcome) return end('unreachable', { reason: host.reason ?? 'unreachable' });
  const { value: result, attempts } = outcome;
  register(ctx, task, host, result);
  // kept unmasked before the step-end is journaled: a resume must not see a step end without its value
  if (task.register || result.facts) ctx.keep?.(host.name, id, result);
  if (result.failed === true) {
    const reason = failureMessage(task, result);
    const isIgnored = isSet(task.ignoreErrors, run.vars, task.at);
    // as Ansible's recap: an ignored failure counts as ok (and changed, if it changed) and as ignored, not as failed
    if (isIgnored) countSuccess(host, result.changed === true, 'ignored');
    else host.counts.failed++;
    if (!isIgnored) host.fail(`step ${id} "${name}": ${reason}`);
    return end('failed', { reason: isIgnored ? `${reason} (ignored)` : reason, attempts, result });
  }
  if (result.facts && typeof result.facts === 'object') Object.assign(host.setFacts, result.facts);
  if (result.end_host === true) host.endedBy = `step ${id} "${name}"`;
  pushUndo(host, task, id, name, run.frame);
  countSuccess(host, result.changed === true);
  return end(result.changed ? 'changed' : 'ok', { ...(undo.length ? { undo } : {}), attempts, result });
}

/** Ansible's recap counts: every step that did not fail is ok, and changed as well when it changed. */
function countSuccess(host: HostState, isChanged: boolean, also?: 'ignored'): void {
  host.counts.ok++;
  if (isChanged) host.counts.changed++;
  if (also) host.counts[also]++;
}

/**
 * Runs one task on one host, in a real run or a dry run, and reports it: decides whether it runs
 * (when, dry run), runs it with retries, registers its result, records its undo hooks, and marks
 * the host failed (pending rescue) when it fails and errors are not ignored.
 */
export async function runTask(ctx: RunContext, task: Task, host: HostState, frame: Frame): Promise<StepStatus> {
  const { id } = task;
  // a step the resumed run already finished on this host is not run again
  const done = ctx.resume?.done.get(`${host.name}\t${id}`);
  if (done !== undefined) return done;
  const name = task.name ?? task.module;
  const vars = lazyHostVars(ctx.sources, host, snapshotOf(host, frame, task.vars));
  const started = Date.now();
  const module = MODULES[task.module];
  const end = (status: StepStatus, extra: EndExtra = {}): StepStatus => {
    const readOnly = extra.readOnly ?? (task.checkMode.kind === 'run' || module.acts === 'controller');
    // a skipped fail or assert shows no message: it would read like the failure that did not happen
    const description = status === 'skipped' && module.acts === 'controller' ? '' : describe(task, host, vars);
    const diff = extra.diff ?? (typeof extra.result?.diff === 'string' ? extra.result.diff : undefined);
    ctx.emit({ type: 'step-end', id, host: host.name, name, module: task.module, status, description, readOnly,
      durationMs: Date.now() - started, ...extra, ...(diff !== undefined && !task.noLog ? { diff } : {}),
      ...(extra.result && task.noLog ? { result: NO_LOG } : {}) });
    return status;
  };
  const run: TaskRun = { ctx, task, host, frame, id, name, vars, end };
  const decision = decide(task, host, vars);
  if (decision?.status === 'skipped') {
    host.counts.skipped++;
    if (task.register) host.registered[task.register] = { skipped: true, changed: false, failed: false, skip_reason: decision.reason };
    return end('skipped', { reason: decision.reason });
  }
  const undo = task.rollback.map((u) => describe(u, host, vars));
  const readsChangedHost = task.checkMode.kind === 'run' && host.isChangedInDryRun;
  const isDry = ctx.options.mode === 'check'
    && (module.acts !== 'controller' || decision !== undefined) && (task.checkMode.kind !== 'run' || readsChangedHost);
  return isDry ? planTask(run, decision, undo, readsChangedHost) : executeTask(run, undo);
}
