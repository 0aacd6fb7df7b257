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

/** Everything the executor knows about one host during a run. */
export class HostState {
  outcome: HostOutcome = 'ok';
  reason: string | undefined;
  facts: Record<string, unknown> = {};
  /** `register` and `set_fact` results: data, never rendered again. */
  readonly registered: Record<string, unknown> = {};
  readonly setFacts: Record<string, unknown> = {};
  /** In a dry run: registered names whose value is only known at run time, with the step that sets them. */
  readonly unknown = new Map<string, string>();
  readonly undo: UndoEntry[] = [];
  readonly counts = { ok: 0, changed: 0, failed: 0, skipped: 0, rolledBack: 0 };
  /** Set by a failure that a rescue section may still handle. */
  pendingFailure: string | undefined;
  /** In a dry run: a step that would change the host was passed over, so what read-only steps see now is not what they will see. */
  isChangedInDryRun = false;
  /** Whether any step ran on the host (a host in a batch never reached stays `not-run`). */
  touched = false;
  /** Set by `meta: end_host`: the host is done, successfully, and nothing more starts on it. */
  endedBy: string | undefined;

  constructor(readonly name: string, readonly inventoryVars: Readonly<Record<string, unknown>>) {}

  get isActive(): boolean {
    return this.outcome === 'ok' && this.pendingFailure === undefined && this.endedBy === undefined;
  }

  fail(reason: string): void {
    this.pendingFailure = reason;
  }
}
