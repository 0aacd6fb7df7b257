import type { Runbook, Step, Task } from '../runbook/index.js';
import type { HostOutcome, RunEvent, StepStatus } from '../plan/index.js';
import type { UndoEntry } from './host-state.js';
import type { StepVars } from './variables.js';

/** What an interrupted or failed run had done, read back from its journal. */
export interface ResumeState {
  /** Steps that ended on a host, by `host\tstep id`: they are not run again. */
  readonly done: ReadonlyMap<string, StepStatus>;
  readonly registered: ReadonlyMap<string, Record<string, unknown>>;
  readonly setFacts: ReadonlyMap<string, Record<string, unknown>>;
  /** Undo hooks recorded and not yet run, per host, oldest first. */
  readonly undo: ReadonlyMap<string, UndoEntry[]>;
  /** Batches approved with `runbook approve`, as `block id#batch index`. */
  readonly approvals: ReadonlySet<string>;
  /** Steps that started on a host and never ended (the controller died): re-run only if declared safe. */
  readonly interrupted: readonly InterruptedStep[];
  /** Registered values a resume needs and cannot have: `no_log` results the journal masks, not kept unmasked. */
  readonly lost: readonly string[];
  /** Where each host stood when the journal stops. */
  readonly outcomes: ReadonlyMap<string, { readonly outcome: HostOutcome; readonly reason?: string }>;
}

/** A step in flight when the controller died, and whether it may run again (`idempotent: true`). */
export interface InterruptedStep {
  readonly host: string;
  readonly id: string;
  readonly name: string;
  readonly isIdempotent: boolean;
}

/** Steps whose last event on a host is a start (or an interrupted mark): they never ended. */
function interruptedSteps(events: readonly RunEvent[], tasks: ReadonlyMap<string, { task: Task }>): InterruptedStep[] {
  const last = new Map<string, { host: string; id: string; name: string; type: RunEvent['type'] }>();
  for (const e of events) {
    if (e.type === 'step-start' || e.type === 'step-end' || e.type === 'step-interrupted') {
      last.set(`${e.host}\t${e.id}`, { host: e.host, id: e.id, name: e.name, type: e.type });
    }
  }
  return [...last.values()].filter((s) => s.type !== 'step-end' && !s.id.endsWith('.undo'))
    .map((s) => ({ host: s.host, id: s.id, name: s.name, isIdempotent: tasks.get(s.id)?.task.idempotent === true }));
}

type Layers = UndoEntry['environment'];

/** Every task of a runbook by its id, with the step vars and environment layers around it. */
export function tasksById(runbook: Runbook): Map<string, { task: Task; stepVars: StepVars; environment: Layers }> {
  const found = new Map<string, { task: Task; stepVars: StepVars; environment: Layers }>();
  const visit = (steps: readonly Step[], stepVars: StepVars, environment: Layers) => {
    for (const step of steps) {
      const [vars, env] = [[...stepVars, step.vars], [...environment, step.environment]];
      if (step.kind === 'task') found.set(step.id, { task: step, stepVars: vars, environment: env });
      else if (step.kind === 'include') visit(step.steps, vars, env);
      else {
        for (const section of [step.steps, step.rescue, step.always]) visit(section, vars, env);
        if (step.gate) found.set(step.gate.id, { task: step.gate, stepVars: [...vars, step.gate.vars], environment: [...env, step.gate.environment] });
      }
    }
  };
  visit(runbook.steps, [], []);
  return found;
}

const FINISHED: readonly StepStatus[] = ['ok', 'changed', 'failed', 'skipped'];

/**
 * Replays a journal: which steps ended where, what they registered, and which undos are still owed.
 * `kept` holds the unmasked results (registered.json): they stand in for the journal's masked ones.
 */
export function resumeState(runbook: Runbook, events: readonly RunEvent[], kept: ReadonlyMap<string, Record<string, unknown>> = new Map()): ResumeState {
  const tasks = tasksById(runbook);
  const done = new Map<string, StepStatus>();
  const registered = new Map<string, Record<string, unknown>>();
  const setFacts = new Map<string, Record<string, unknown>>();
  const undo = new Map<string, UndoEntry[]>();
  const outcomes = new Map<string, { outcome: HostOutcome; reason?: string }>();
  const approvals = new Set<string>();
  const lost: string[] = [];
  const forHost = <T>(map: Map<string, T>, host: string, empty: () => T): T => {
    if (!map.has(host)) map.set(host, empty());
    return map.get(host)!;
  };
  for (const event of events) {
    if (event.type === 'approval' && event.status === 'granted') approvals.add(`${event.id}#${event.index}`);
    if (event.type === 'host-status') outcomes.set(event.host, { outcome: event.outcome, ...(event.reason ? { reason: event.reason } : {}) });
    if (event.type === 'undo' && event.status !== 'would-run') (undo.get(event.host) ?? []).pop();
    if (event.type !== 'step-end' || !FINISHED.includes(event.status)) continue;
    const known = tasks.get(event.id);
    if (!known) continue;
    done.set(`${event.host}\t${event.id}`, event.status);
    const hostRegistered = forHost(registered, event.host, (): Record<string, unknown> => ({}));
    const hostFacts = forHost(setFacts, event.host, (): Record<string, unknown> => ({}));
    const result = kept.get(`${event.host}\t${event.id}`) ?? event.result ?? {};
    if (known.task.noLog && known.task.register && event.status !== 'skipped' && !kept.has(`${event.host}\t${event.id}`)) {
      lost.push(`${event.host}: "${known.task.register}" (step ${event.id}, no_log)`);
    }
    if (known.task.register) hostRegistered[known.task.register] = event.status === 'skipped' ? { skipped: true, changed: false, failed: false } : result;
    if (event.status !== 'ok' && event.status !== 'changed') continue;
    if (result.facts && typeof result.facts === 'object') Object.assign(hostFacts, result.facts);
    const snapshot = { stepVars: known.stepVars, registered: { ...hostRegistered }, setFacts: { ...hostFacts }, batchHosts: [] };
    const stack = forHost(undo, event.host, (): UndoEntry[] => []);
    for (const task of [...known.task.rollback].reverse()) stack.push({ id: event.id, stepName: event.name, task, vars: snapshot, environment: known.environment });
  }
  return { done, registered, setFacts, undo, outcomes, approvals, interrupted: interruptedSteps(events, tasks), lost };
}
