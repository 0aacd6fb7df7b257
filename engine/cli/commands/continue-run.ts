import { checkInputs, continueState, type ContinueKind, type RunFolder } from '../../executor/index.js';
import { fingerprintChanges } from '../../plan/index.js';
import { currentActor } from '../actor.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { Interrupts, Terminal } from '../terminal.js';
import { fingerprintOf, prepare, realRun, runStore, type RunCommandOptions } from './run.js';

// The commands that go on with a run already started: approve, exec --resume and rollback. Each reads the run's
// record, checks that its inputs did not change, takes the hosts' leases and runs a segment of the run.

/** `runbook approve RUN`: grants the approval a suspended run waits for (recorded in its journal, with who), then resumes it. */
export function approveCommand(terminal: Terminal, runId: string, given: { output?: string; breakLock?: string }, interrupts: Interrupts): Promise<ExitCode> {
  return continueRun(terminal, runId, given, interrupts, 'approval');
}

/**
 * `runbook exec --resume RUN`: continues a failed or interrupted run with the options, `-e` values
 * and facts it started with. Steps that finished are not run again, registered values come back
 * (unmasked, from registered.json), undos a failed host still owes run first. Refused (exit 1) when
 * an input changed since, or a step the controller died in is not declared safe to repeat.
 */
export function resumeCommand(terminal: Terminal, runId: string, given: { output?: string; yes?: boolean; breakLock?: string; rerunInterrupted?: boolean }, interrupts: Interrupts): Promise<ExitCode> {
  return continueRun(terminal, runId, given, interrupts, 'resume');
}

/**
 * `runbook rollback RUN`: runs every undo hook the run's finished steps left and that has not run,
 * per host, newest first, with the variables of each step's time; journaled as a segment of the run.
 */
export function rollbackCommand(terminal: Terminal, runId: string, given: { output?: string; breakLock?: string }, interrupts: Interrupts): Promise<ExitCode> {
  return continueRun(terminal, runId, given, interrupts, 'rollback');
}

async function continueRun(terminal: Terminal, runId: string, given: { output?: string; yes?: boolean; breakLock?: string; rerunInterrupted?: boolean },
  interrupts: Interrupts, kind: ContinueKind): Promise<ExitCode> {
  const folder = runStore().open(runId);
  const { record, facts } = folder.readRecord();
  const options = { ...(record.options as unknown as RunCommandOptions), yes: given.yes, output: given.output, ...(kind === 'rollback' ? { rollback: true } : {}) };
  const prepared = await prepare(record.runbook, options, terminal, { folder, extraVars: { ...record.extraVars } });
  let leases: ReturnType<RunFolder['lease']> | undefined;
  try {
    checkInputs(runId, record, fingerprintChanges(record.fingerprint, fingerprintOf(prepared)));
    const by = currentActor();
    leases = folder.lease(prepared.hosts, by, given.breakLock);
    prepared.segment = { segment: kind, by, ...(leases.lockBroken ? { lockBroken: leases.lockBroken } : {}) };
    const state = continueState(folder, prepared.runbook, { kind, by, rerunInterrupted: given.rerunInterrupted === true, note: (text) => terminal.err(text) });
    if (state === undefined) return EXIT.ok;
    return await realRun(prepared, terminal, options, interrupts, facts, state, kind === 'rollback');
  } finally {
    leases?.release();
    await prepared.closeAll();
  }
}
