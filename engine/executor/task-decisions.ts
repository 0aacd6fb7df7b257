import { EngineError, type SourceRef } from '../core/index.js';
import { isTrue, MODULES } from '../modules/index.js';
import type { Task } from '../runbook/index.js';
import { hasTemplateMark } from '../template/index.js';
import type { HostState } from './host-state.js';
import { expressionReads, type HostVars } from './variables.js';

/** Whether a value is plain data with no template in it (keys included): it renders to itself on every host. */
function isPlain(value: unknown): boolean {
  if (typeof value === 'string') return !hasTemplateMark(value);
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every(isPlain);
  // a vaulted or unsafe value is a class instance: it is decrypted or kept as it is, so it takes the long way
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).every(([key, item]) => !hasTemplateMark(key) && isPlain(item));
  }
  return false;
}

const isFixedOf = new WeakMap<Task, boolean>();

/**
 * Whether a task's arguments read nothing (no template, no bare expression): then what they read,
 * whether they render, and the task's description are the same on every host, and worked out once.
 */
function isFixed(task: Task): boolean {
  let isFixedTask = isFixedOf.get(task);
  if (isFixedTask === undefined) isFixedOf.set(task, (isFixedTask = task.module !== 'assert' && task.module !== 'wait_for' && isPlain(task.args)));
  return isFixedTask;
}

/** Top-level names a task's arguments read: templates, and the bare expressions of assert and wait_for. */
export function argsReads(task: Task, vars: HostVars): Set<string> {
  if (isFixed(task)) return new Set();
  const names = vars.reads(task.args, argsAt(task));
  const args = (task.args ?? {}) as { that?: unknown; until?: unknown };
  const expressions = task.module === 'assert' ? [args.that].flat() : task.module === 'wait_for' ? [args.until] : [];
  for (const e of expressions) if (typeof e === 'string') for (const n of vars.expressionReads(e, argsAt(task))) names.add(n);
  return names;
}

/** Why a task does not run on a host, or `runtime` and what it waits for (dry run), or undefined: it runs. */
export function decide(task: Task, host: HostState, vars: HostVars): { status: 'skipped' | 'runtime'; reason: string } | undefined {
  const unknownArgs = MODULES[task.module].acts === 'controller' ? [...argsReads(task, vars)].filter((n) => host.unknown.has(n)) : [];
  for (const condition of task.when) {
    const waiting = [...vars.expressionReads(condition.source, condition.at)].filter((name) => host.unknown.has(name));
    if (waiting.length) return { status: 'runtime', reason: `\`when: ${condition.source}\` reads ${waiting.map((n) => `\`${n}\` (${host.unknown.get(n)})`).join(', ')}` };
    if (!isTrue(vars.evaluate(condition.source, condition.at))) return { status: 'skipped', reason: `when: ${condition.source} is false` };
  }
  if (unknownArgs.length) return { status: 'runtime', reason: `reads ${unknownArgs.map((n) => `\`${n}\` (${host.unknown.get(n)})`).join(', ')}` };
  return undefined;
}


const argsAtOf = new WeakMap<Task, SourceRef>();

/** Where the module's arguments were written: what a template error in them points at (one object per task: it is read, never changed). */
export function argsAt(task: Task): SourceRef {
  let at = argsAtOf.get(task);
  if (!at) argsAtOf.set(task, (at = { file: task.at.file, path: [...task.at.path, task.module] }));
  return at;
}

/** The one-line description of the task for plans and progress; raw when it reads values not known yet. */
export function describe(task: Task, host: HostState, vars: HostVars): string {
  if (task.noLog) return `${task.module} (hidden: no_log)`;
  const module = MODULES[task.module];
  if (isFixed(task)) return fixedDescription(task);
  const waiting = [...argsReads(task, vars)].filter((n) => host.unknown.has(n));
  // a controller module waiting on a value is decided at run time, and its reason says on what
  if (waiting.length) return `${module.describe(renderKnown(task, host, vars))}${module.acts === 'controller' ? '' : `  [reads ${waiting.join(', ')}: known at run time]`}`;
  try {
    // assert's `that` is a bare expression, not a template: it is shown as written
    return module.describe(task.module === 'assert' || task.module === 'set_fact' ? task.args : vars.render(task.args, argsAt(task)));
  } catch {
    return module.describe(task.args);
  }
}

const fixedDescriptionOf = new WeakMap<Task, string>();

/** The description of a task whose arguments read nothing: its arguments as written, described once. */
function fixedDescription(task: Task): string {
  let description = fixedDescriptionOf.get(task);
  if (description === undefined) fixedDescriptionOf.set(task, (description = MODULES[task.module].describe(task.args)));
  return description;
}

/** The arguments with every part rendered that reads only known values (a destination, say); the rest as written. */
function renderKnown(task: Task, host: HostState, vars: HostVars): unknown {
  const at = argsAt(task);
  const part = (value: unknown): unknown => {
    if ([...vars.reads(value, at)].some((n) => host.unknown.has(n))) return value;
    try {
      return vars.render(value, at);
    } catch {
      return value;
    }
  };
  const args = task.args;
  if (Array.isArray(args)) return args.map(part);
  if (args && typeof args === 'object') return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, part(value)]));
  return args;
}

/**
 * In a dry run, what can be checked without running: the arguments render (no undefined
 * variable) unless they read values only known at run time, and every expression parses.
 */
export function checkTemplates(task: Task, host: HostState, vars: HostVars): EngineError | undefined {
  try {
    for (const expression of [task.until, task.changedWhen, task.failedWhen]) if (expression) expressionReads(expression.source, expression.at);
    if (isFixed(task)) return undefined;
    const waiting = [...argsReads(task, vars)].some((n) => host.unknown.has(n));
    if (!waiting && MODULES[task.module].acts !== 'controller') vars.render(task.args, argsAt(task));
    return undefined;
  } catch (error) {
    if (error instanceof EngineError && error.kind === 'invalid-input') return error;
    throw error;
  }
}
