import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../core/index.js';
import { listRuns, readJournal } from '../../executor/index.js';
import { recapTable } from '../../reporters/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { Terminal } from '../terminal.js';

const runsDir = () => join(process.cwd(), '.runbook', 'runs');

/** `runbook runs`: past runs of this folder, oldest first: when, runbook, hosts, outcome. */
export function runsCommand(terminal: Terminal): ExitCode {
  const runs = listRuns(runsDir());
  if (!runs.length) {
    terminal.err('no runs yet in .runbook/runs');
    return EXIT.ok;
  }
  for (const run of runs) terminal.out(`${run.id}  ${run.startedAt}  ${run.runbook}  ${run.hosts} host(s)  ${run.outcome}`);
  return EXIT.ok;
}

/** `runbook show RUN`: a run's recap and its failures, from its journal. */
export function showCommand(terminal: Terminal, id: string): ExitCode {
  const dir = join(runsDir(), id);
  if (!existsSync(join(dir, 'journal.jsonl'))) {
    throw new EngineError('usage', `no run "${id}" in .runbook/runs`, { hint: 'list them with `runbook runs`' });
  }
  const events = readJournal(dir);
  const start = events.find((e) => e.type === 'run-start');
  if (start?.type === 'run-start') terminal.out(`${terminal.chalk.bold(id)}: ${start.runbook} on ${start.hosts.join(', ')} (${start.at})`);
  for (const event of events) {
    if (event.type === 'step-end' && event.status === 'failed') terminal.out(`  ${event.host} step ${event.id} "${event.name}" failed: ${event.reason ?? ''}`);
    if (event.type === 'undo') terminal.out(`  ${event.host} undo of step ${event.id}: ${event.description} … ${event.status}`);
  }
  const end = events.find((e) => e.type === 'run-end');
  if (end?.type === 'run-end') {
    terminal.out(recapTable(end.recap, terminal.chalk));
    terminal.out(`exit code ${end.exitCode}`);
  } else {
    terminal.out(terminal.chalk.yellow('the run did not end (interrupted or killed): its journal stops here'));
  }
  return EXIT.ok;
}
