import { dirname, resolve } from 'node:path';
import { toJsonPointer, type Diagnostic, type DiagnosticCode, type SourceSpan } from '../core/index.js';
import { locate, type YamlSource } from '../source/index.js';
import { isTemplate, parseDuration } from './duration.js';
import {
  BLOCK_KEYS, EVALUATING_MODULES, HOSTLESS_MODULES, MODULE_NAMES, TASK_KEYS,
  type Block, type CheckMode, type Duration, type Flag, type Expression, type ModuleName, type SerialSpec, type Step, type Task,
} from './types.js';
import type { WrittenStep } from './written.js';
import { checkStepTemplates, type TemplateChecker } from './template-fields.js';

type Path = readonly (string | number)[];

/** Where an `include:` was written. */
export interface IncludeSite extends SourceSpan {
  readonly path: string;
}

/** What normalising needs: the file being read, where to put problems, and how to read includes. */
export interface NormaliseContext {
  readonly source: YamlSource;
  readonly diagnostics: Diagnostic[];
  /** Loads the steps of an included file; reports problems itself, pointing at `from` when the file is missing. */
  readonly loadInclude: (file: string, from: IncludeSite) => readonly Step[] | undefined;
  /** Checks the step's templates and expressions when given (validate, plan and exec give it). */
  readonly checkTemplate?: TemplateChecker;
  /** The runbook's folder, where a `template:` step's `src` is found (its file is checked with the step). */
  readonly runbookDir?: string;
}

function report(ctx: NormaliseContext, path: Path, code: DiagnosticCode, message: string, hint?: string): Diagnostic {
  const d: Diagnostic = { file: ctx.source.file, ...locate(ctx.source, path, 'key'), code, message,
    severity: 'error', path: toJsonPointer(path), ...(hint ? { hint } : {}) };
  ctx.diagnostics.push(d);
  return d;
}

function expression(ctx: NormaliseContext, path: Path, value: unknown): Expression | undefined {
  if (value === undefined) return undefined;
  return { source: String(value), at: { file: ctx.source.file, path } };
}

function list<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as T];
}

function flag(value: unknown): Flag {
  return typeof value === 'string' ? value : value === true;
}

function serialOf(value: WrittenStep['serial']): SerialSpec | undefined {
  return value === undefined ? undefined : (list(value) as SerialSpec);
}

function checkModeOf(value: WrittenStep['check_mode']): CheckMode {
  if (value === 'run') return { kind: 'run' };
  if (typeof value === 'object') return { kind: 'assume', result: value.assume };
  return { kind: 'skip' };
}

function base(raw: WrittenStep, path: Path, ctx: NormaliseContext) {
  return {
    id: '', // numbered once the whole runbook is loaded (numberSteps)
    name: raw.name,
    when: list(raw.when).map((w, i) => expression(ctx, Array.isArray(raw.when) ? [...path, 'when', i] : [...path, 'when'], w)!),
    tags: list(raw.tags),
    vars: raw.vars ?? {},
    environment: raw.environment ?? {},
    anyErrorsFatal: raw.any_errors_fatal === true,
    at: { file: ctx.source.file, path },
  };
}

function steps(raws: readonly WrittenStep[] | undefined, path: Path, ctx: NormaliseContext): Step[] {
  return (raws ?? []).flatMap((raw, i) => normaliseStep(raw, [...path, i], ctx) ?? []);
}

function misplaced(raw: WrittenStep, keys: readonly string[], kind: string, path: Path, ctx: NormaliseContext) {
  for (const key of keys.filter((k) => k in raw)) {
    report(ctx, [...path, key], 'step-kind', `"${key}" applies to ${kind === 'task' ? 'blocks' : 'tasks'}, not to ${kind}s`,
      kind === 'task' ? 'wrap the task in a block (`steps:`) to use it' : 'move it onto the task it is about');
  }
}

/** Task keys that would do nothing where they are: retries and delay without until, check_mode on assert and the like. */
function inert(raw: WrittenStep, module: ModuleName, path: Path, ctx: NormaliseContext): void {
  for (const key of (['retries', 'delay'] as const).filter((k) => raw[k] !== undefined && raw.until === undefined)) {
    report(ctx, [...path, key], 'step-kind', `"${key}" applies with until: without it the task runs once`,
      'add until: with the condition to retry for, e.g. `until: r.rc == 0` with `register: r`');
  }
  if (raw.check_mode !== undefined && EVALUATING_MODULES.includes(module)) {
    report(ctx, [...path, 'check_mode'], 'step-kind', `check_mode does nothing on ${module}: it only evaluates, so it runs in a dry run too`,
      'remove check_mode');
  }
  for (const key of (['become', 'become_user'] as const).filter((k) => raw[k] !== undefined && HOSTLESS_MODULES.includes(module))) {
    report(ctx, [...path, key], 'step-kind', `${key} does nothing on ${module}: it runs no command and touches no file on the host`,
      `remove ${key}`);
  }
}

function task(raw: WrittenStep, module: ModuleName, path: Path, ctx: NormaliseContext): Task {
  inert(raw, module, path, ctx);
  const rollbackPath = Array.isArray(raw.rollback) ? [...path, 'rollback'] : path;
  const rollback = Array.isArray(raw.rollback)
    ? steps(raw.rollback, rollbackPath, ctx)
    : raw.rollback ? [normaliseStep(raw.rollback as WrittenStep, [...path, 'rollback'], ctx)].filter((s) => s) : [];
  for (const [i, undo] of rollback.entries()) {
    if (undo?.kind !== 'task') report(ctx, [...path, 'rollback', i], 'step-kind', 'an undo hook must be a task (one module call)');
  }
  const duration = (v: unknown): Duration | undefined =>
    v === undefined ? undefined : isTemplate(v) ? v : parseDuration(v as number | string);
  return {
    kind: 'task', ...base(raw, path, ctx), module, args: raw[module],
    register: raw.register as string | undefined,
    retries: raw.retries as number | undefined,
    until: expression(ctx, [...path, 'until'], raw.until),
    delay: duration(raw.delay),
    timeout: duration(raw.timeout),
    changedWhen: expression(ctx, [...path, 'changed_when'], raw.changed_when),
    failedWhen: expression(ctx, [...path, 'failed_when'], raw.failed_when),
    ignoreErrors: flag(raw.ignore_errors),
    runOnce: raw.run_once === true,
    delegateTo: raw.delegate_to as string | undefined,
    become: flag(raw.become),
    becomeUser: raw.become_user as string | undefined,
    noLog: raw.no_log === true,
    idempotent: raw.idempotent === true,
    rollback: rollback.filter((s): s is Task => s?.kind === 'task'),
    checkMode: checkModeOf(raw.check_mode),
  };
}

function block(raw: WrittenStep, path: Path, ctx: NormaliseContext): Block {
  if (raw.serial !== undefined && raw.parallel !== undefined && raw.parallel !== false) {
    report(ctx, [...path, 'parallel'], 'step-kind', 'a block is either rolling (serial) or parallel, not both',
      'nest a parallel block inside the rolling one to run each batch\'s hosts independently');
  }
  if (raw.serial === undefined) {
    // these act between batches: a lockstep or parallel block has none, so they would do nothing
    for (const key of (['gate', 'approve', 'max_fail_percentage'] as const).filter((k) => raw[k] !== undefined && raw[k] !== false)) {
      report(ctx, [...path, key], 'step-kind', `"${key}" applies to rolling blocks (with serial): it acts between batches`,
        'add serial: to roll out in batches (serial: "100%" makes one batch of every host)');
    }
  }
  const gate = raw.gate ? normaliseStep(raw.gate, [...path, 'gate'], ctx) : undefined;
  if (gate && gate.kind !== 'task') report(ctx, [...path, 'gate'], 'step-kind', 'a gate must be a task (one module call)');
  const approve = raw.approve === 'once' ? 'once' : raw.approve === true ? 'each' : 'never';
  return {
    kind: 'block', ...base(raw, path, ctx), name: raw.name ?? '',
    steps: steps(raw.steps, [...path, 'steps'], ctx),
    serial: serialOf(raw.serial),
    parallel: raw.parallel === true || typeof raw.parallel === 'number' ? raw.parallel : undefined,
    maxFailPercentage: raw.max_fail_percentage as number | undefined,
    gate: gate?.kind === 'task' ? gate : undefined,
    approve,
    rollbackScope: (raw.rollback_scope as Block['rollbackScope'] | undefined) ?? 'host',
    rescue: steps(raw.rescue, [...path, 'rescue'], ctx),
    always: steps(raw.always, [...path, 'always'], ctx),
  };
}

/**
 * Checks what the schema cannot (a step is exactly one of task, block or include; keys fit
 * its kind) and maps a written step to its normalised form. Problems go to ctx.diagnostics.
 */
export function normaliseStep(raw: WrittenStep, path: Path, ctx: NormaliseContext): Step | undefined {
  const modules = MODULE_NAMES.filter((m) => m in raw);
  const kinds = [...modules, ...(['steps', 'include'] as const).filter((k) => k in raw)];
  const pointer = toJsonPointer(path);
  if (ctx.checkTemplate) ctx.diagnostics.push(...checkStepTemplates(raw, ctx.source.file, path, ctx.checkTemplate, ctx.runbookDir));
  const misspelt = ctx.diagnostics.some((d) => d.code === 'unknown-module' && d.path.startsWith(`${pointer}/`));
  if (kinds.length !== 1 && !(kinds.length === 0 && misspelt)) {
    const found = kinds.map((k) => `"${k}"`).join(' and ');
    report(ctx, path, 'step-kind', kinds.length === 0
      ? `step${raw.name ? ` "${raw.name}"` : ''} does nothing: it has no module, "steps" or "include"`
      : `a step does exactly one thing, but this one has ${found}`,
    kinds.length === 0 ? `add a module (${MODULE_NAMES.join(', ')})` : 'split it into several steps');
  }
  if (kinds.length !== 1) return undefined;
  if (modules[0]) {
    misplaced(raw, BLOCK_KEYS, 'task', path, ctx);
    return task(raw, modules[0], path, ctx);
  }
  misplaced(raw, TASK_KEYS, 'steps' in raw ? 'block' : 'include', path, ctx);
  if ('steps' in raw) return block(raw, path, ctx);
  const file = resolve(dirname(ctx.source.file), String(raw.include));
  const includePath = [...path, 'include'];
  const included = ctx.loadInclude(file, {
    file: ctx.source.file, ...locate(ctx.source, includePath), path: toJsonPointer(includePath) });
  return { kind: 'include', ...base(raw, path, ctx), name: raw.name ?? '', file, steps: included ?? [] };
}
