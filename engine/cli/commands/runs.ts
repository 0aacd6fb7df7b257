import { EngineError, visibleDeep } from '../../core/index.js';
import { RunStore, type RunHistory, type RunSummary } from '../../executor/index.js';
import { recapTable } from '../../reporters/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { Terminal } from '../terminal.js';

const runStore = () => new RunStore(process.cwd());

function statusText(run: RunSummary): string {
  if (run.status === 'interrupted' && run.exitCode === undefined) return 'interrupted (the controller stopped: no run-end)';
  return run.status === 'failed' || run.status === 'rolled back' || run.status === 'unreachable' ? `${run.status} (exit ${run.exitCode})` : run.status;
}

/** `runbook runs`: past runs of this folder, oldest first: when, runbook, hosts, where each stands (running: its lease is held). */
export function runsCommand(terminal: Terminal): ExitCode {
  const runs = runStore().list();
  if (!runs.length) {
    terminal.err('no runs yet in .runbook/runs');
    return EXIT.ok;
  }
  for (const run of runs) {
    if ('problem' in run) {
      terminal.out(`${run.id}  unreadable journal`);
      terminal.err(`${terminal.chalk.yellow('warning')}: ${run.problem}`);
    } else terminal.out(`${run.id}  ${run.startedAt}  ${run.runbook}  ${run.hosts} host(s)  ${statusText(run)}`);
  }
  return EXIT.ok;
}

/** For a run that has not ended: each host's last step and the undo hooks it still owes, next first. */
function positions(terminal: Terminal, run: RunHistory): string[] {
  return run.positions.flatMap((p) => [
    `  ${terminal.chalk.bold(p.host)}: ${p.lastStep ? `last step ${p.lastStep.id} "${p.lastStep.name}" (${p.lastStep.status})` : 'no step ran'}`,
    ...(p.owedUndos.length ? [`    owes ${p.owedUndos.length} undo(s): ${p.owedUndos.map((u) => `${u.id}: ${u.description}`).join('; ')}`] : []),
  ]);
}

function ending(terminal: Terminal, run: RunHistory): string {
  const c = terminal.chalk;
  switch (run.status) {
    case 'running': return c.yellow('running: a live controller holds its lease');
    case 'interrupted': {
      const why = run.hasEnded ? `interrupted by the user (exit code ${run.exitCode})` : 'the run did not end (the controller was killed, or its journal could not be written)';
      const running = run.running.map((r) => `${r.host} was running step ${r.id} "${r.name}"`);
      return `${c.yellow(`${why}${running.length ? `; ${running.join('; ')}` : ''}`)}\n${positions(terminal, run).join('\n')}`
        + `\n${c.cyan('hint')}: \`runbook exec --resume ${run.id}\` goes on (owed undos first); \`runbook rollback ${run.id}\` undoes what it did`;
    }
    case 'awaiting approval': return c.yellow(`awaiting approval: \`runbook approve ${run.id}\` goes on`);
    default: return `${run.status}: exit code ${run.exitCode}`;
  }
}

/** `runbook show RUN`: a run's failures, undos and recap, every segment (resumes, approvals, rollbacks) added up. */
export function showCommand(terminal: Terminal, id: string): ExitCode {
  const store = runStore();
  const folder = store.open(id);
  // the journal holds host output as it came: shown with its control characters escaped
  const journal = folder.history();
  const run = journal && visibleDeep(journal);
  if (!run) throw new EngineError('failed', `run ${id}: its journal has no run-start event: not the journal of a run`);
  const history = run.status !== 'running' && store.isRunning(folder.id) ? { ...run, status: 'running' as const } : run;
  const start = history.events.find((e) => e.type === 'run-start');
  if (start?.type === 'run-start') {
    terminal.out(`${terminal.chalk.bold(folder.id)}: ${start.runbook} on ${start.hosts.join(', ')} (${start.at}${start.by ? `, by ${start.by.user}@${start.by.host}` : ''})`);
  }
  if (history.segments > 1) terminal.out(`  ${history.segments} segments (the first start, then each resume, approval or rollback), added up below`);
  for (const event of history.events) {
    if (event.type === 'step-end' && event.status === 'failed') terminal.out(`  ${event.host} step ${event.id} "${event.name}" failed: ${event.reason ?? ''}`);
    if (event.type === 'undo') terminal.out(`  ${event.host} undo of step ${event.id}: ${event.description} … ${event.status}`);
    if (event.type === 'step-interrupted') terminal.out(`  ${event.host} step ${event.id} "${event.name}" was interrupted (the controller died)`);
    if (event.type === 'run-start' && event.lockBroken) terminal.out(`  lock broken (${event.lockBroken.reason}), taken from ${event.lockBroken.holders.join(', ')}`);
  }
  if (history.recap.length) terminal.out(recapTable(history.recap, terminal.chalk));
  terminal.out(ending(terminal, history));
  return EXIT.ok;
}
