import type { Diagnostic } from '../core/index.js';
import type { Connection } from '../connection/index.js';
import type { Prompter } from '../modules/index.js';
import type { Runbook, Serial } from '../runbook/index.js';
import type { RunEvent } from '../plan/index.js';
import type { ResumeState } from './resume.js';
import type { HostState } from './host-state.js';
import type { SecretRegistry } from './redact.js';
import type { StepVars, VarsSources } from './variables.js';

/** Choices of the person running: what runs, how wide, and what may be skipped. */
export interface RunOptions {
  readonly mode: 'run' | 'check';
  readonly forks: number;
  readonly noRollback: boolean;
  /** `--diff`: steps that write files report a diff of the content, as `ansible-playbook --diff`. */
  readonly diff?: boolean;
  /** `--facts none` (dry runs only): no gatherer runs; what reads facts is decided at run time. */
  readonly skipFacts?: boolean;
  readonly tags: readonly string[];
  readonly skipTags: readonly string[];
  readonly startAtStep: string | undefined;
}

/** The run as the walker sees it: its hosts, its services, and whether it was stopped. */
export interface RunContext {
  readonly runbook: Runbook;
  readonly runId: string;
  readonly runDir: string;
  readonly options: RunOptions;
  readonly hosts: ReadonlyMap<string, HostState>;
  readonly sources: VarsSources;
  /** Each rolling block's batch sizes, by block id, its `serial` templates resolved before the run. */
  readonly serials: ReadonlyMap<string, Serial>;
  readonly prompter: Prompter;
  readonly connect: (host: string) => Connection;
  readonly emit: (event: RunEvent) => void;
  /** Aborted on a first interrupt: no new step starts; running steps end. */
  readonly signal: AbortSignal;
  /** Aborted on a second interrupt: running steps are killed. */
  readonly killSignal: AbortSignal;
  /** Set when the run stops starting work: a roll-out halted, any_errors_fatal, an interrupt. */
  halted: string | undefined;
  /** Set when the run stopped to wait for an approval (`runbook approve` resumes it). */
  isSuspended: boolean;
  /** Whether `--start-at-step` has been reached (true when not given). */
  started: boolean;
  /** What the run being resumed had done: its finished steps are not run again. */
  readonly resume: ResumeState | undefined;
  /** Keeps a step's registered result unmasked (registered.json), before its step-end is journaled. */
  readonly keep: ((host: string, stepId: string, result: Record<string, unknown>) => void) | undefined;
  /** Mistakes in the runbook found while running (undefined variables, bad expressions). */
  readonly diagnostics: Diagnostic[];
  /** The run's secrets: what every event is masked with; secret registers add to it. */
  readonly secrets: SecretRegistry;
}

/** Where in the runbook the walker is, and the rules that apply there. */
export interface Frame {
  readonly stepVars: StepVars;
  readonly environment: readonly Readonly<Record<string, unknown>>[];
  readonly tags: readonly string[];
  readonly rollbackScope: 'host' | 'batch' | 'all';
  /** The hosts rolled back with a failed one when the scope is `batch` or `all`. */
  readonly scopeHosts: readonly HostState[];
  readonly batchHosts: readonly string[];
  /** Whether an enclosing block has a rescue section that may still handle a failure. */
  readonly canRescue: boolean;
  readonly anyErrorsFatal: boolean;
}
