import type { SourceRef } from '../core/index.js';

/** Modules a task can call; one key per module in a step. */
export const MODULE_NAMES = [
  'command', 'shell', 'copy', 'template', 'fetch', 'wait_for', 'assert', 'fail', 'meta', 'set_fact', 'pause',
  'confirm', 'http',
] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

/** Modules that only evaluate, on the controller: they run in a dry run too, so check_mode means nothing to them. */
export const EVALUATING_MODULES: readonly ModuleName[] = ['assert', 'fail', 'meta', 'set_fact'];

/** Modules that touch nothing on the host (the evaluating ones, http from the controller, pause, confirm): become means nothing to them. */
export const HOSTLESS_MODULES: readonly ModuleName[] = [...EVALUATING_MODULES, 'http', 'pause', 'confirm'];

/** Keys that only make sense on a task (a module call). */
export const TASK_KEYS = [
  'register', 'retries', 'until', 'delay', 'timeout', 'changed_when', 'failed_when', 'ignore_errors',
  'run_once', 'delegate_to', 'become', 'become_user', 'no_log', 'rollback', 'check_mode',
  'idempotent',
] as const;

/** Keys that only make sense on a block (`steps:`). */
export const BLOCK_KEYS = [
  'serial', 'parallel', 'max_fail_percentage', 'gate', 'approve', 'rollback_scope',
  'rescue', 'always',
] as const;

/** A bare Jinja2 expression, with where it was written. */
export interface Expression {
  readonly source: string;
  readonly at: SourceRef;
}

/** What a task does in a dry run. */
export type CheckMode =
  | { readonly kind: 'skip' }
  | { readonly kind: 'run' }
  | { readonly kind: 'assume'; readonly result: Readonly<Record<string, unknown>> };

interface StepBase {
  /** Where the step stands in its runbook (`4.2.1`), given once the whole runbook is loaded (see step-ids.ts). */
  readonly id: string;
  readonly name: string | undefined;
  /** All must hold (Ansible's list form of `when`). */
  readonly when: readonly Expression[];
  readonly tags: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
  readonly environment: Readonly<Record<string, unknown>>;
  /** Ansible's any_errors_fatal: a host failing in this step (or in what it contains) stops the run on every host. */
  readonly anyErrorsFatal: boolean;
  readonly at: SourceRef;
}

/** true / false, or a `{{ … }}` template that renders to one when the step runs. */
export type Flag = boolean | string;

/** Milliseconds, or a `{{ … }}` template that renders to a duration when the step runs. */
export type Duration = number | string;

/** One module call. */
export interface Task extends StepBase {
  readonly kind: 'task';
  readonly module: ModuleName;
  readonly args: unknown;
  readonly register: string | undefined;
  readonly retries: number | undefined;
  readonly until: Expression | undefined;
  readonly delay: Duration | undefined;
  readonly timeout: Duration | undefined;
  readonly changedWhen: Expression | undefined;
  readonly failedWhen: Expression | undefined;
  readonly ignoreErrors: Flag;
  readonly runOnce: boolean;
  readonly delegateTo: string | undefined;
  readonly become: Flag;
  readonly becomeUser: string | undefined;
  readonly noLog: boolean;
  /** Safe to run twice: a resume re-runs it when the controller died while it ran. */
  readonly idempotent: boolean;
  readonly rollback: readonly Task[];
  readonly checkMode: CheckMode;
}

/** One batch size: a number of hosts, or a percentage of the block's hosts. */
export type BatchSize = number | `${number}%`;

/** Batches of a rolling block: sizes or percentages, the last one repeating. */
export type Serial = readonly BatchSize[];

/**
 * `serial` as written: sizes, or `{{ }}` templates among them, which the executor resolves from the runbook's vars
 * and -e before the run starts (a sole template may give the whole list).
 */
export type SerialSpec = readonly (BatchSize | string)[];

/** A group of steps with its own concurrency, failure and rollback rules. */
export interface Block extends StepBase {
  readonly kind: 'block';
  readonly name: string;
  readonly steps: readonly Step[];
  readonly serial: SerialSpec | undefined;
  /** true: every host on its own; a number: at most that many hosts at once. */
  readonly parallel: true | number | undefined;
  readonly maxFailPercentage: number | undefined;
  readonly gate: Task | undefined;
  readonly approve: 'never' | 'each' | 'once';
  readonly rollbackScope: 'host' | 'batch' | 'all';
  readonly rescue: readonly Step[];
  readonly always: readonly Step[];
}

/** Steps from another file, with variables of their own; resolved at load time. */
export interface Include extends StepBase {
  readonly kind: 'include';
  readonly name: string;
  readonly file: string;
  readonly steps: readonly Step[];
}

export type Step = Task | Block | Include;

/** A typed input given with `-e name=value`. */
export interface Param {
  readonly type: 'string' | 'int' | 'bool' | 'semver' | 'list' | 'dict' | 'path';
  readonly required: boolean;
  readonly default: unknown;
  readonly description: string | undefined;
  readonly choices: readonly unknown[] | undefined;
  /** `secret: true`: masked everywhere, as a secret-looking name is. */
  readonly isSecret: boolean;
}

/** A runbook after loading, schema validation and semantic checks: what the engine works from. */
export interface Runbook {
  readonly file: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly hosts: string;
  readonly params: Readonly<Record<string, Param>>;
  /** `vars_files`, resolved against the runbook's folder: their variables are in `vars`. */
  readonly varsFiles: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
  readonly facts: readonly string[];
  /** How many hosts work at the same time, unless --forks says otherwise. */
  readonly forks: number | undefined;
  /** What plans show per host, by label: templates rendered once the facts are in. */
  readonly summary: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
  readonly rollback: readonly Task[];
}
