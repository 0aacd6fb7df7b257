import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, visibleDeep } from '../../core/index.js';
import { journalFile, listRuns, runHistory, type RunHistory, type RunSummary } from '../../executor/index.js';
import { recapTable } from '../../reporters/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { Terminal } from '../terminal.js';

const runsDir = () => join(process.cwd(), '.runbook', 'runs');

function statusText(run: RunSummary): string {
  return run.status === 'failed' || run.status === 'rolled back' || run.status === 'unreachable' ? `${run.status} (exit ${run.exitCode})` : run.status;
}

/** `runbook runs`: past runs of this folder, oldest first: when, runbook, hosts, where each stands. */
export function runsCommand(terminal: Terminal): ExitCode {
  const runs = listRuns(runsDir());
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

function ending(terminal: Terminal, run: RunHistory): string {
  const c = terminal.chalk;
  switch (run.status) {
    case 'did not end': {
      const running = run.running.map((r) => `${r.host} was running step ${r.id} "${r.name}"`);
      return c.yellow(`the run did not end (killed, or its journal could not be written): its journal stops here${running.length ? `; ${running.join('; ')}` : ''}`)
        + `\n${c.cyan('hint')}: \`runbook exec --resume ${run.id}\` runs the undo hooks still owed, then the steps that did not finish`;
    }
    case 'interrupted': return c.yellow(`interrupted by the user (exit code ${run.exitCode}); \`runbook exec --resume ${run.id}\` goes on`);
    case 'awaiting approval': return c.yellow(`awaiting approval: \`runbook approve ${run.id}\` goes on`);
    default: return `${run.status}: exit code ${run.exitCode}`;
  }
}

/** `runbook show RUN`: a run's failures, undos and recap, every segment (resumes, approvals) added up. */
export function showCommand(terminal: Terminal, id: string): ExitCode {
  const dir = join(runsDir(), id);
  if (!existsSync(journalFile(dir))) {
    throw new EngineError('usage', `no run "${id}" in .runbook/runs`, { hint: 'list them with `runbook runs`' });
  }
  // the journal holds host output as it came: shown with its control characters escaped
  const history = runHistory(dir, id);
  const run = history && visibleDeep(history);
  if (!run) throw new EngineError('failed', `${journalFile(dir)}: no run-start event: not the journal of a run`);
  const start = run.events.find((e) => e.type === 'run-start');
  if (start?.type === 'run-start') terminal.out(`${terminal.chalk.bold(id)}: ${start.runbook} on ${start.hosts.join(', ')} (${start.at})`);
  if (run.segments > 1) terminal.out(`  ${run.segments} segments (the first start, then each resume or approval), added up below`);
  for (const event of run.events) {
    if (event.type === 'step-end' && event.status === 'failed') terminal.out(`  ${event.host} step ${event.id} "${event.name}" failed: ${event.reason ?? ''}`);
    if (event.type === 'undo') terminal.out(`  ${event.host} undo of step ${event.id}: ${event.description} … ${event.status}`);
  }
  if (run.recap.length) terminal.out(recapTable(run.recap, terminal.chalk));
  terminal.out(ending(terminal, run));
  return EXIT.ok;
}
