import type { Connection, ExecOptions, ExecResult } from '../connection/index.js';
import type { ModuleName } from '../runbook/index.js';

/** Asks the person at the terminal; `pause` and `confirm` use it. */
export interface Prompter {
  /** Whether a person can answer (a TTY), or `--yes` answers for them. */
  readonly canAsk: boolean;
  readonly assumeYes: boolean;
  ask(question: string): Promise<string>;
}

/** What a module gets to do its work: the host, its arguments as written, and the run's services. */
export interface ModuleContext {
  readonly host: string;
  readonly connection: Connection;
  /** The module's arguments as written in the runbook (templates not yet rendered). */
  readonly args: unknown;
  /** Renders templates in a value with the host's variables (and `extra` on top). */
  render(value: unknown, extra?: Readonly<Record<string, unknown>>): unknown;
  /** Renders a template file's text as Ansible's template module does (trim_blocks on); an error quotes `name`. */
  renderFile(text: string, name: string): string;
  /** Evaluates a bare expression with the host's variables (and `extra` on top). */
  evaluate(expression: string, extra?: Readonly<Record<string, unknown>>): unknown;
  /** Environment, timeout, become and cancellation for the commands the module runs. */
  readonly exec: ExecOptions;
  /** Folder of the runbook file: relative `src` paths of copy/template are read from there. */
  readonly runbookDir: string;
  /** The run's folder on the controller: fetched files go under it. */
  readonly runDir: string;
  readonly prompter: Prompter;
  /** `--diff`: modules that write files put a diff of the content in their result. */
  readonly showDiff: boolean;
  /** Waits, unless the run is cancelled first. */
  sleep(ms: number): Promise<void>;
}

/** A module's outcome, registered as written (snake_case, like Ansible's result dicts). */
export interface ModuleResult {
  readonly rc?: number | null;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly changed: boolean;
  readonly failed: boolean;
  readonly msg?: string;
  readonly timed_out?: boolean;
  /** set_fact's variables, which the executor stores for the host. */
  readonly facts?: Readonly<Record<string, unknown>>;
  readonly [extra: string]: unknown;
}

/** One module: what it does, where, and how it reads in a plan. */
export interface ModuleDefinition {
  readonly name: ModuleName;
  /**
   * `host`: acts on the host; `interactive`: waits for a person; both are skipped in a dry run unless
   * check_mode: run. `controller`: only evaluates (assert, fail, set_fact), so it runs in a dry run too.
   */
  readonly acts: 'host' | 'interactive' | 'controller';
  /** One line for plans and progress: the rendered command, or what will change. */
  describe(args: unknown): string;
  run(context: ModuleContext): Promise<ModuleResult>;
  /**
   * What a dry run may learn without changing anything (copy, template: whether the file would
   * change, and the diff), by reading from the host only. Modules without it are only described.
   */
  preview?(context: ModuleContext): Promise<Preview>;
}

/** A dry run's look ahead: whether the step would change the host, and how. */
export interface Preview {
  readonly changed: boolean;
  readonly diff?: string;
}

/** A command's result in the shape modules register. */
export function commandResult(result: ExecResult, changed = true): ModuleResult {
  const failed = result.exitCode !== 0;
  return {
    rc: result.exitCode, stdout: result.stdout.replace(/\n$/, ''), stderr: result.stderr.replace(/\n$/, ''),
    changed, failed, timed_out: result.timedOut,
    ...(result.timedOut ? { msg: `timed out after ${(result.durationMs / 1000).toFixed(1)} s; the command was killed` } : {}),
    ...(result.signal && !result.timedOut ? { msg: `killed by ${result.signal}` } : {}),
    ...(result.truncated ? { output_truncated: true } : {}),
  };
}
