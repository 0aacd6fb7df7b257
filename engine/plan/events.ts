/** How a step ended on a host; `would-run` and `runtime` only in a dry run. */
export type StepStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable' | 'would-run' | 'runtime';

/**
 * Where a host stands at the end of a run. `stopped`: it was fine, but work on it ended because
 * another host failed (rollback_scope batch/all, any_errors_fatal) and it had nothing to undo.
 * `interrupted`: it was fine when an interrupt (Ctrl-C, SIGTERM) ended the run before the runbook's end;
 * `runbook exec --resume` goes on with it.
 */
export type HostOutcome = 'ok' | 'failed' | 'unreachable' | 'rolled-back' | 'rollback-failed' | 'stopped' | 'interrupted' | 'not-run';

const NOT_FAILED: ReadonlySet<HostOutcome> = new Set<HostOutcome>(['ok', 'not-run', 'stopped', 'interrupted']);

/** Whether a host's outcome is a failure of its own: failed, unreachable or rolled back (whether or not the undo worked). */
export function isFailedOutcome(outcome: HostOutcome): boolean {
  return !NOT_FAILED.has(outcome);
}

/** How a block's (or an include's) steps run over its hosts. */
export type BlockKind = 'lockstep' | 'rolling' | 'parallel' | 'include';

/**
 * Per host counts for the recap, as Ansible's PLAY RECAP, plus rollbacks: `ok` counts every step that did not fail
 * (changed ones too), `failed` the failures nothing rescued or ignored. `rescued` and `ignored` are missing from the
 * journals of runs recorded before they were counted.
 */
export interface HostRecap {
  readonly host: string;
  readonly outcome: HostOutcome;
  readonly ok: number;
  readonly changed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly rescued?: number;
  readonly ignored?: number;
  readonly rolledBack: number;
  readonly reason?: string;
}

/** The segments of a run: the first start, then each resume, approval or rollback. */
export type RunSegment = 'start' | 'resume' | 'approval' | 'rollback';

/** Who started a segment or granted an approval. */
export interface RunActor {
  readonly user: string;
  readonly host: string;
  readonly ssh?: string;
}

/** Everything the executor reports, in order: the journal, the views and the plan are made from these. */
export type RunEvent =
  | {
    readonly type: 'run-start'; readonly runId: string; readonly runbook: string; readonly mode: 'run' | 'check'; readonly hosts: readonly string[];
    /** What this segment of the run is: its first start, a resume, an approval, or `runbook rollback`. */
    readonly segment?: RunSegment;
    /** Who started it: user, controller host, SSH client. */
    readonly by?: RunActor;
    /** `--break-lock REASON`: the reason, and the runs whose leases were taken. */
    readonly lockBroken?: { readonly reason: string; readonly holders: readonly string[] };
  }
  | { readonly type: 'facts'; readonly host: string; readonly ok: boolean; readonly error?: string }
  | { readonly type: 'host-summary'; readonly host: string; readonly values: Readonly<Record<string, string>> }
  | {
    readonly type: 'block-start'; readonly id: string; readonly name: string; readonly hosts: readonly string[];
    /** How its steps run: lockstep, rolling batches, each host on its own, or an included file (lockstep). */
    readonly kind: BlockKind; readonly rollbackScope: 'host' | 'batch' | 'all';
    /** Its `when` conditions as written; the hosts listed are those they held for. */
    readonly when?: readonly string[]; readonly batches?: readonly (readonly string[])[];
  }
  | { readonly type: 'batch-start'; readonly id: string; readonly index: number; readonly hosts: readonly string[] }
  | { readonly type: 'block-end'; readonly id: string; readonly name: string; readonly stopped?: string }
  | { readonly type: 'step-start'; readonly id: string; readonly host: string; readonly name: string }
  /** Written on resume or rollback: the step had started on the host when the controller died, and never ended. */
  | { readonly type: 'step-interrupted'; readonly id: string; readonly host: string; readonly name: string; readonly rerun: boolean }
  | {
    readonly type: 'step-end'; readonly id: string; readonly host: string; readonly name: string; readonly module: string;
    readonly status: StepStatus; readonly description: string; readonly reason?: string; readonly undo?: readonly string[];
    readonly attempts?: number; readonly durationMs: number; readonly result?: Readonly<Record<string, unknown>>;
    /** The step changes nothing: check_mode: run, or a module that only evaluates (assert, set_fact). */
    readonly readOnly?: boolean;
    /** A unified diff of the file content the step writes (dry runs, and runs with --diff); never for no_log. */
    readonly diff?: string;
  }
  | { readonly type: 'retry'; readonly id: string; readonly host: string; readonly attempt: number; readonly of: number }
  | { readonly type: 'undo'; readonly id: string; readonly host: string; readonly name: string; readonly description: string; readonly status: 'ok' | 'failed' | 'would-run'; readonly message?: string }
  | { readonly type: 'approval'; readonly id: string; readonly index: number; readonly hosts: readonly string[]; readonly status: 'waiting' | 'granted'; readonly by?: RunActor }
  | { readonly type: 'host-status'; readonly host: string; readonly outcome: HostOutcome; readonly reason?: string }
  | { readonly type: 'run-end'; readonly runId: string; readonly recap: readonly HostRecap[]; readonly exitCode: number; readonly suspended?: boolean };

// a record over the union's `type`s: a new event type that is not listed here does not compile
const TYPES: Record<RunEvent['type'], true> = {
  'run-start': true, facts: true, 'host-summary': true, 'block-start': true, 'batch-start': true, 'block-end': true, 'step-start': true,
  'step-end': true, 'step-interrupted': true, retry: true, undo: true, approval: true, 'host-status': true, 'run-end': true,
};

/** Every event type, for readers of journals that must tell an event from a corrupt line. */
export const EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(TYPES));
