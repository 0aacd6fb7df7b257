import { isTrue } from '../modules/index.js';
import { computeBatches, isFailedOutcome } from '../plan/index.js';
import type { Block, Include, Step, Task } from '../runbook/index.js';
import type { Frame, RunContext } from './context.js';
import type { HostState } from './host-state.js';
import { forEachLimited } from './pool.js';
import { rollBack } from './rollback.js';
import { runTask } from './run-task.js';
import { snapshotOf } from './step-scope.js';
import { hostVars } from './variables.js';

/** Why --tags, --skip-tags or --start-at-step leave a task out, or undefined. */
function deselected(ctx: RunContext, task: Task, frame: Frame): string | undefined {
  const tags = new Set([...frame.tags, ...task.tags]);
  const { tags: only, skipTags, startAtStep } = ctx.options;
  if (!ctx.started) {
    if (task.name !== startAtStep) return `before --start-at-step "${startAtStep}"`;
    ctx.started = true;
  }
  if (skipTags.some((t) => tags.has(t))) return `tagged ${skipTags.filter((t) => tags.has(t)).join(', ')} (--skip-tags)`;
  if (only.length && !tags.has('always') && !only.some((t) => tags.has(t))) return `not tagged ${only.join(' or ')} (--tags)`;
  if (!only.length && tags.has('never')) return 'tagged never';
  return undefined;
}

/** Ends the hosts whose failure nothing can rescue any more, and rolls back whom the scope names. */
async function settle(ctx: RunContext, hosts: readonly HostState[], frame: Frame): Promise<void> {
  if (frame.canRescue) return;
  const failed = hosts.filter((h) => h.pendingFailure !== undefined && h.isRunning);
  if (!failed.length) return;
  const reason = `${failed.map((h) => h.name).join(', ')} failed`;
  if (frame.anyErrorsFatal) ctx.halted ??= `any_errors_fatal: ${reason}`;
  const scoped = frame.rollbackScope === 'host' && !frame.anyErrorsFatal ? failed
    : [...new Set([...failed, ...frame.scopeHosts.filter((h) => h.isRunning)])];
  await rollBack(ctx, scoped, `rolled back because ${reason}`);
}

async function runTaskOnHosts(ctx: RunContext, task: Task, hosts: readonly HostState[], frame: Frame): Promise<void> {
  const { id } = task;
  const active = hosts.filter((h) => h.isActive);
  const skipReason = deselected(ctx, task, frame);
  if (skipReason) {
    for (const host of active) {
      host.counts.skipped++;
      ctx.emit({ type: 'step-end', id, host: host.name, name: task.name ?? task.module, module: task.module, status: 'skipped', description: '', reason: skipReason, durationMs: 0 });
    }
    return;
  }
  if (task.runOnce && active[0]) {
    const [first, ...others] = active;
    await runTask(ctx, task, first, frame);
    // as Ansible's: the one result is every host's; in a dry run it may be known only at run time, for all of them
    const name = task.register;
    const unknownWhy = name === undefined ? undefined : first.unknown.get(name);
    for (const h of name === undefined ? [] : others) {
      if (unknownWhy !== undefined) h.unknown.set(name!, unknownWhy);
      else if (first.registered[name!] !== undefined) h.registered[name!] = first.registered[name!];
    }
    return;
  }
  await forEachLimited(active, ctx.options.forks, (host) => runTask(ctx, task, host, frame));
}

/** Runs steps in lockstep: each step ends on every active host before the next starts. */
export async function runSteps(ctx: RunContext, steps: readonly Step[], hosts: readonly HostState[], frame: Frame): Promise<void> {
  for (const step of steps) {
    if (ctx.halted || ctx.signal.aborted) return;
    if (!hosts.some((h) => h.isActive)) return;
    // any_errors_fatal on a task or an include, as on a block: a host failing there stops the run everywhere
    const stepFrame = step.anyErrorsFatal && !frame.anyErrorsFatal ? { ...frame, anyErrorsFatal: true } : frame;
    if (step.kind === 'task') await runTaskOnHosts(ctx, step, hosts, stepFrame);
    else if (step.kind === 'include') await runInclude(ctx, step, hosts, stepFrame);
    else await runBlock(ctx, step, hosts, stepFrame);
    await settle(ctx, hosts, stepFrame);
  }
}

/**
 * The hosts that enter a block or an include: active, and its `when` true for them (evaluated once,
 * on entry; a dry run may not know it yet, and then lets the host in). Tags are not decided here:
 * they pass down to the tasks inside, as in Ansible, where a task may carry a tag its block lacks.
 */
function entering(ctx: RunContext, step: Block | Include, hosts: readonly HostState[], frame: Frame): HostState[] {
  const { id } = step;
  const skip = (host: HostState, reason: string) => {
    host.counts.skipped++;
    ctx.emit({ type: 'step-end', id, host: host.name, name: step.name, module: step.kind, status: 'skipped', description: '', reason, durationMs: 0 });
  };
  return hosts.filter((host) => {
    if (!host.isActive) return false;
    const vars = hostVars(ctx.sources, host, snapshotOf(host, frame, step.vars));
    for (const condition of step.when) {
      if ([...vars.expressionReads(condition.source, condition.at)].some((n) => host.unknown.has(n))) continue;
      if (!isTrue(vars.evaluate(condition.source, condition.at))) {
        skip(host, `when: ${condition.source} is false`);
        return false;
      }
    }
    return true;
  });
}

/** The steps of an included file, as a lockstep group with the include's when, tags, vars and environment. */
async function runInclude(ctx: RunContext, include: Include, hosts: readonly HostState[], outer: Frame): Promise<void> {
  const { id } = include;
  const entered = entering(ctx, include, hosts, outer);
  if (!entered.length) return;
  ctx.emit({ type: 'block-start', id, name: include.name, hosts: entered.map((h) => h.name), kind: 'include',
    rollbackScope: outer.rollbackScope, ...whenOf(include) });
  await runSteps(ctx, include.steps, entered, {
    ...outer, stepVars: [...outer.stepVars, include.vars], environment: [...outer.environment, include.environment],
    tags: [...outer.tags, ...include.tags],
  });
  ctx.emit({ type: 'block-end', id, name: include.name, ...(ctx.halted ? { stopped: ctx.halted } : {}) });
}

function whenOf(step: Block | Include): { when?: readonly string[] } {
  return step.when.length ? { when: step.when.map((w) => w.source) } : {};
}

/** Body, then rescue for the hosts that failed in it, then always for every host that entered. */
async function runSections(ctx: RunContext, block: Block, hosts: readonly HostState[], frame: Frame, outer: Frame): Promise<void> {
  await runSteps(ctx, block.steps, hosts, frame);
  if (block.rescue.length) {
    const failed = hosts.filter((h) => h.pendingFailure !== undefined && h.isRunning);
    // as Ansible's recap: a failure a rescue section takes over is counted as rescued, not failed
    for (const host of failed) {
      host.pendingFailure = undefined;
      host.counts.failed = Math.max(0, host.counts.failed - 1);
      host.counts.rescued++;
    }
    await runSteps(ctx, block.rescue, failed, { ...frame, canRescue: outer.canRescue });
  }
  if (block.always.length) {
    const pending = new Map(hosts.filter((h) => h.isRunning).map((h) => [h, h.pendingFailure]));
    for (const host of pending.keys()) host.pendingFailure = undefined;
    await runSteps(ctx, block.always, [...pending.keys()], { ...frame, canRescue: outer.canRescue });
    for (const [host, failure] of pending) if (failure !== undefined && host.isRunning) host.pendingFailure ??= failure;
  }
  // past its rescue, a block can no longer save a host: only an enclosing rescue can
  await settle(ctx, hosts, { ...frame, canRescue: outer.canRescue });
}

/**
 * Asks before a batch. On a terminal it prompts; with --yes it goes on; otherwise the run is
 * suspended (its journal says what waits) until `runbook approve RUN` grants it and resumes.
 */
async function approve(ctx: RunContext, block: Block, blockId: string, batch: readonly HostState[], index: number): Promise<void> {
  if (block.approve === 'never' || (block.approve === 'once' && index > 0) || ctx.options.mode === 'check') return;
  if (ctx.prompter.assumeYes || ctx.resume?.approvals.has(`${blockId}#${index}`)) return;
  if (!ctx.prompter.canAsk) {
    ctx.emit({ type: 'approval', id: blockId, index, hosts: batch.map((h) => h.name), status: 'waiting' });
    ctx.halted = `batch ${index + 1} of "${block.name}" waits for approval: \`runbook approve ${ctx.runId}\` goes on`;
    ctx.isSuspended = true;
    return;
  }
  const answer = await ctx.prompter.ask(`Start batch ${index + 1} of "${block.name}" (${batch.map((h) => h.name).join(', ')})? [yes/no] `);
  if (!/^y(es)?$/i.test(answer.trim())) ctx.halted = `batch ${index + 1} of "${block.name}" was not approved`;
}

const WIDTH = { host: 0, batch: 1, all: 2 } as const;

/**
 * The hosts a block's own `batch` or `all` scope names (`own`), widened by the enclosing scope: a scope inside a
 * `batch` or `all` one never narrows it, so a host failing in an inner block rolls back every host the outer one names.
 */
function scopeOf(outer: Frame, own: readonly HostState[]): readonly HostState[] {
  return outer.rollbackScope === 'host' ? own : [...new Set([...outer.scopeHosts, ...own])];
}

/** A rolling block: batch after batch; a failed batch (or gate) stops the roll-out. */
async function runRolling(ctx: RunContext, block: Block, hosts: HostState[], frame: Frame, outer: Frame): Promise<void> {
  const batches = computeBatches(hosts, ctx.serials.get(block.id));
  ctx.emit({ type: 'block-start', id: block.id, name: block.name, hosts: hosts.map((h) => h.name), kind: 'rolling',
    rollbackScope: frame.rollbackScope, ...whenOf(block), batches: batches.map((b) => b.map((h) => h.name)) });
  for (const [index, batch] of batches.entries()) {
    if (ctx.halted || ctx.signal.aborted) break;
    await approve(ctx, block, block.id, batch, index);
    if (ctx.halted) break;
    ctx.emit({ type: 'batch-start', id: block.id, index, hosts: batch.map((h) => h.name) });
    const batchFrame = { ...frame, batchHosts: batch.map((h) => h.name), scopeHosts: block.rollbackScope === 'batch' ? scopeOf(outer, batch) : frame.scopeHosts };
    await runSections(ctx, block, batch, batchFrame, outer);
    if (block.gate && batch.some((h) => h.isActive)) {
      await runTaskOnHosts(ctx, block.gate, batch, batchFrame);
      await settle(ctx, batch, batchFrame);
    }
    const failed = hosts.filter((h) => isFailedOutcome(h.outcome)).length;
    const tolerated = block.maxFailPercentage !== undefined && (failed / hosts.length) * 100 <= block.maxFailPercentage;
    if (failed && !tolerated) ctx.halted ??= `roll-out of "${block.name}" stopped after batch ${index + 1}: ${failed} host(s) failed`;
  }
}

/** Runs a block: lockstep, rolling (serial) or parallel, with its rescue, always and rollback scope. */
export async function runBlock(ctx: RunContext, block: Block, hosts: readonly HostState[], outer: Frame): Promise<void> {
  const { id } = block;
  const entered = entering(ctx, block, hosts, outer);
  if (!entered.length) return;
  // the wider of the block's own scope and the enclosing one (a block without one inherits it)
  const scope = WIDTH[block.rollbackScope] > WIDTH[outer.rollbackScope] ? block.rollbackScope : outer.rollbackScope;
  const frame: Frame = {
    ...outer, stepVars: [...outer.stepVars, block.vars], environment: [...outer.environment, block.environment],
    tags: [...outer.tags, ...block.tags], rollbackScope: scope, scopeHosts: block.rollbackScope === 'host' ? outer.scopeHosts : scopeOf(outer, entered),
    canRescue: outer.canRescue || block.rescue.length > 0 || block.always.length > 0, anyErrorsFatal: outer.anyErrorsFatal || block.anyErrorsFatal,
  };
  if (block.serial) {
    await runRolling(ctx, block, entered, frame, outer);
  } else if (block.parallel !== undefined) {
    ctx.emit({ type: 'block-start', id, name: block.name, hosts: entered.map((h) => h.name), kind: 'parallel', rollbackScope: scope, ...whenOf(block) });
    const limit = block.parallel === true ? ctx.options.forks : Math.min(block.parallel, ctx.options.forks);
    // each host on its own; a batch/all rollback waits until every host has stopped (see settle)
    const alone = scope === 'host' ? frame : { ...frame, canRescue: true };
    await forEachLimited(entered, limit, (host) => runSections(ctx, block, [host], { ...alone, batchHosts: [host.name] }, alone === frame ? outer : { ...outer, canRescue: true }));
    await settle(ctx, entered, frame);
  } else {
    ctx.emit({ type: 'block-start', id, name: block.name, hosts: entered.map((h) => h.name), kind: 'lockstep', rollbackScope: scope, ...whenOf(block) });
    await runSections(ctx, block, entered, frame, outer);
  }
  ctx.emit({ type: 'block-end', id, name: block.name, ...(ctx.halted ? { stopped: ctx.halted } : {}) });
}
