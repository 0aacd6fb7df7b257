import { readFileSync } from 'node:fs';
import { EngineError } from '../core/index.js';
import { digest } from '../plan/index.js';
import type { Runbook } from '../runbook/index.js';
import type { Actor } from './run-lease.js';
import { resumeState, type ResumeState } from './resume.js';
import type { RunFolder, RunRecord } from './run-store.js';

/** How a run is taken up again: `exec --resume`, `runbook approve`, `runbook rollback`. */
export type ContinueKind = 'resume' | 'approval' | 'rollback';

function fileDigest(file: string): string | undefined {
  try {
    return digest(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The record of a run that starts now: its options (less `yes`), `-e` values, the digests of its inputs, and who. */
export function recordOf(input: { runbook: string; options: { readonly extraVars: readonly string[] }; extraVars: Readonly<Record<string, unknown>>;
  fingerprint: RunRecord['fingerprint']; by: Actor }): RunRecord {
  const inputFiles = input.options.extraVars.filter((e) => e.startsWith('@')).map((e) => ({ file: e.slice(1), digest: fileDigest(e.slice(1)) ?? '' }));
  return { runbook: input.runbook, options: { ...input.options, yes: undefined, breakLock: undefined, rerunInterrupted: undefined }, extraVars: input.extraVars, fingerprint: input.fingerprint,
    inputFiles, startedBy: input.by };
}

/**
 * Refuses (exit 1) to take a run up again when what it was made from changed: the runbook and its
 * includes, the inventory (`fingerprintChanges` names those), or an `-e @file` edited since.
 */
export function checkInputs(runId: string, record: RunRecord, fingerprintChanges: readonly string[]): void {
  const changed = [...fingerprintChanges];
  for (const { file, digest: was } of record.inputFiles ?? []) {
    const now = fileDigest(file);
    if (now !== was) changed.push(now === undefined ? `the -e file ${file} (it is gone)` : `the -e file ${file}`);
  }
  if (changed.length) {
    throw new EngineError('failed', `run ${runId} cannot be resumed: ${changed.join(', ')} changed since it started`, {
      hint: 'resume with the runbook, inventory and -e files it started with (its -e values are kept in run.json), or start a new run' });
  }
}

function describeSteps(steps: readonly { host: string; id: string; name: string }[]): string {
  return steps.map((s) => `step ${s.id} "${s.name}" on ${s.host}`).join(', ');
}

/**
 * Reads what a run had done and makes its journal ready for the next segment: grants the approvals
 * it waits for (approval), marks the steps the controller died in as interrupted. Returns undefined
 * (with why, in `note`) when there is nothing to do; refuses (exit 1) when a needed value was lost,
 * or when an interrupted step is not safe to repeat and `rerunInterrupted` is not given.
 */
export function continueState(folder: RunFolder, runbook: Runbook, input: { kind: ContinueKind; by: Actor; rerunInterrupted: boolean; note: (text: string) => void }): ResumeState | undefined {
  const events = folder.events();
  const state = resumeState(runbook, events, folder.kept());
  const journal = folder.journal();
  if (input.kind === 'approval') {
    const granted = new Set(events.flatMap((e) => (e.type === 'approval' && e.status === 'granted' ? [`${e.id}#${e.index}`] : [])));
    const waiting = events.flatMap((e) => (e.type === 'approval' && e.status === 'waiting' && !granted.has(`${e.id}#${e.index}`) ? [e] : []));
    if (!waiting.length) throw new EngineError('failed', `run ${folder.id} is not waiting for an approval`);
    for (const e of waiting) journal({ type: 'approval', id: e.id, index: e.index, hosts: e.hosts, status: 'granted', by: input.by });
    return resumeState(runbook, folder.events(), folder.kept());
  }
  if (input.kind === 'resume') {
    const end = [...events].reverse().find((e) => e.type === 'run-end' || e.type === 'run-start');
    if (end?.type === 'run-end' && end.exitCode === 0 && !end.suspended) {
      input.note(`run ${folder.id} ended ok: nothing to resume`);
      return undefined;
    }
    if (state.lost.length) {
      throw new EngineError('failed', `run ${folder.id} cannot be resumed: the values of ${state.lost.join(', ')} were not kept (a run made before registered.json)`, {
        hint: '`runbook rollback RUN` undoes what it did; then start a new run' });
    }
    const unsafe = state.interrupted.filter((s) => !s.isIdempotent);
    if (unsafe.length && !input.rerunInterrupted) {
      throw new EngineError('failed', `run ${folder.id} cannot be resumed: the controller died while ${describeSteps(unsafe)} ran; `
        + 'it may have finished, or not, and the step does not say it is safe to run twice', {
        hint: 'check the host, then `--rerun-interrupted` runs it again; or `runbook rollback RUN` undoes the steps that finished; '
          + 'a step that is safe to repeat can say so with `idempotent: true`' });
    }
  } else if (![...state.undo.values()].some((stack) => stack.length)) {
    input.note(`run ${folder.id}: no undo hook is owed: nothing to roll back`);
    return undefined;
  }
  for (const step of state.interrupted) {
    journal({ type: 'step-interrupted', id: step.id, host: step.host, name: step.name, rerun: input.kind === 'resume' });
    if (input.kind === 'rollback') input.note(`step ${step.id} "${step.name}" was running on ${step.host} when the controller died: it has no undo recorded; check that host`);
  }
  if (journal.failure) throw new EngineError('failed', `cannot write the journal of run ${folder.id}: ${journal.failure.message}`);
  return state;
}
