import type { Task } from '../runbook/index.js';
import type { Frame, RunContext } from './context.js';
import type { HostState, UndoEntry } from './host-state.js';
import { describe } from './task-decisions.js';
import { hostVars } from './variables.js';
import { forEachLimited } from './pool.js';
import { runTask } from './run-task.js';

/** A frame for running an undo hook with the variables and environment its step had when it ran. */
function undoFrame(host: HostState, entry: UndoEntry): Frame {
  return { stepVars: entry.vars.stepVars, environment: entry.environment, tags: [], rollbackScope: 'host', scopeHosts: [host], batchHosts: entry.vars.batchHosts,
    canRescue: false, anyErrorsFatal: false };
}

/** The undo's command as it will run: rendered with the variables of its step's time. */
function describeUndo(ctx: RunContext, host: HostState, entry: UndoEntry): string {
  return describe(entry.task, host, hostVars(ctx.sources, host, { ...entry.vars, stepVars: [...entry.vars.stepVars, entry.task.vars] }));
}

/**
 * Pops and runs one host's undo stack, newest first. A failing undo is reported and the rest still
 * run. In a dry run the undos are only listed. Returns whether every undo succeeded.
 */
async function unwind(ctx: RunContext, host: HostState): Promise<boolean> {
  let ok = true;
  for (let entry = host.undo.pop(); entry; entry = host.undo.pop()) {
    const description = describeUndo(ctx, host, entry);
    if (ctx.options.mode === 'check') {
      ctx.emit({ type: 'undo', id: entry.id, host: host.name, name: entry.stepName, description, status: 'would-run' });
      continue;
    }
    // the undo runs with the registered values and set_facts of its step's time, then they are put back
    const saved = { registered: { ...host.registered }, setFacts: { ...host.setFacts } };
    Object.assign(host.registered, entry.vars.registered);
    Object.assign(host.setFacts, entry.vars.setFacts);
    host.beginUndo();
    const status = await runTask(ctx, entry.task as Task, host, undoFrame(host, entry));
    const failure = host.endUndo();
    const failed = failure !== undefined || status === 'failed' || status === 'unreachable';
    ctx.emit({ type: 'undo', id: entry.id, host: host.name, name: entry.stepName, description, status: failed ? 'failed' : 'ok',
      ...(failed ? { message: failure ?? host.reason ?? 'failed' } : {}) });
    Object.assign(host.registered, saved.registered);
    Object.assign(host.setFacts, saved.setFacts);
    if (failed) ok = false;
    else host.counts.rolledBack++;
  }
  return ok;
}

/**
 * Rolls hosts back: each host's undo stack runs (hosts at the same time, up to forks), and the host
 * is reported `rolled-back` or `rollback-failed`. With --no-rollback the undos stay owed.
 */
export async function rollBack(ctx: RunContext, hosts: readonly HostState[], reason: string): Promise<void> {
  await forEachLimited(hosts, ctx.options.forks, async (host) => {
    if (host.outcome === 'unreachable') return;
    const failedHere = host.pendingFailure ?? (host.outcome === 'failed' ? host.reason : undefined);
    host.pendingFailure = undefined;
    if (ctx.options.noRollback || host.undo.length === 0) {
      host.settle(failedHere ? 'failed' : 'stopped', failedHere ?? reason);
      ctx.emit({ type: 'host-status', host: host.name, outcome: host.outcome, reason: host.reason });
      return;
    }
    const ok = await unwind(ctx, host);
    host.settle(ok ? 'rolled-back' : 'rollback-failed', failedHere ?? reason);
    ctx.emit({ type: 'host-status', host: host.name, outcome: host.outcome, reason: host.reason });
  });
}
