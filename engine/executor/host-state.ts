import type { Task } from '../runbook/index.js';
import type { VarsSnapshot } from './variables.js';
import type { HostOutcome } from '../plan/index.js';

/** A recorded undo: the task to run and the variables it saw when its step ran. */
export interface UndoEntry {
  readonly id: string;
  readonly stepName: string;
  readonly task: Task;
  readonly vars: VarsSnapshot;
  /** The environment layers around the step (its blocks', includes' and its own): its undo runs with them. */
  readonly environment: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Where a host may go from where it stands. A host runs steps only while `ok` (or while its undo hooks run); every
 * other outcome is where it ended, but for a failed host that is then rolled back, and a rolled-back host whose
 * runbook-level rollback fails.
 */
const NEXT: Readonly<Record<HostOutcome, readonly HostOutcome[]>> = {
  'ok': ['failed', 'unreachable', 'stopped', 'rolled-back', 'rollback-failed', 'interrupted', 'not-run'],
  'failed': ['rolled-back', 'rollback-failed'],
  'rolled-back': ['rollback-failed'],
  'rollback-failed': [],
  'unreachable': [],
  'stopped': [],
  'interrupted': [],
  'not-run': [],
};

/** Everything the executor knows about one host during a run. */
export class HostState {
  #outcome: HostOutcome = 'ok';
  reason: string | undefined;
  /** Set while the host runs undo hooks (or the runbook's rollback steps): they run whatever its outcome. */
  #isUndoing = false;
  /** Set when gathering its facts failed: what the run learnt of the host must not be kept as known. */
  isFactsMissing = false;
  facts: Record<string, unknown> = {};
  /** `register` and `set_fact` results: data, never rendered again. */
  readonly registered: Record<string, unknown> = {};
  readonly setFacts: Record<string, unknown> = {};
  /** In a dry run: registered names whose value is only known at run time, with the step that sets them. */
  readonly unknown = new Map<string, string>();
  readonly undo: UndoEntry[] = [];
  /** The recap's counts, as Ansible's PLAY RECAP (ok includes changed), and the undo steps that ran. */
  readonly counts = { ok: 0, changed: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0, rolledBack: 0 };
  /** Set by a failure that a rescue section may still handle. */
  pendingFailure: string | undefined;
  /** In a dry run: a step that would change the host was passed over, so what read-only steps see now is not what they will see. */
  isChangedInDryRun = false;
  /** Whether any step ran on the host (a host in a batch never reached stays `not-run`). */
  touched = false;
  /** Set by `meta: end_host`: the host is done, successfully, and nothing more starts on it. */
  endedBy: string | undefined;

  constructor(readonly name: string, readonly inventoryVars: Readonly<Record<string, unknown>>) {}

  get outcome(): HostOutcome {
    return this.#outcome;
  }

  /** Whether steps may still run on the host: it has not ended, or its undo hooks run. */
  get isRunning(): boolean {
    return this.#outcome === 'ok' || this.#isUndoing;
  }

  /** Whether the next step starts on the host: it is running, has no failure pending and was not ended by a step. */
  get isActive(): boolean {
    return this.isRunning && this.pendingFailure === undefined && this.endedBy === undefined;
  }

  fail(reason: string): void {
    this.pendingFailure = reason;
  }

  /** Ends the host with `outcome`; a move the table above does not allow is a bug in the executor. */
  settle(outcome: HostOutcome, reason?: string): void {
    if (outcome !== this.#outcome && !NEXT[this.#outcome].includes(outcome)) {
      throw new Error(`internal error: host ${this.name} cannot go from ${this.#outcome} to ${outcome}`);
    }
    this.#outcome = outcome;
    if (reason !== undefined) this.reason = reason;
  }

  /** The connection to the host was lost: it is unreachable, or, while it runs undo hooks, that undo failed. */
  lostConnection(reason: string): void {
    if (this.#isUndoing) this.pendingFailure = reason;
    else this.settle('unreachable', reason);
  }

  /** Its undo hooks (or the runbook's rollback steps) start: they run whatever the host's outcome. */
  beginUndo(): void {
    this.pendingFailure = undefined;
    this.#isUndoing = true;
  }

  /** They ended: returns the failure they met, if any. The outcome is as it was, for the caller to settle. */
  endUndo(): string | undefined {
    const failure = this.pendingFailure;
    this.pendingFailure = undefined;
    this.#isUndoing = false;
    return failure;
  }
}
