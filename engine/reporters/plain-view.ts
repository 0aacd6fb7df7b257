import type { ChalkInstance } from 'chalk';
import { visibleDeep } from '../core/index.js';
import type { HostRecap, RunEvent } from '../executor/index.js';

const COLOURS: Record<string, keyof ChalkInstance> = {
  ok: 'green', changed: 'yellow', failed: 'red', unreachable: 'magenta', skipped: 'dim', 'would-run': 'cyan', runtime: 'cyan',
};

function clock(date: Date): string {
  return date.toISOString().slice(11, 19);
}

function diffColour(line: string, chalk: ChalkInstance): string {
  if (line.startsWith('+') && !line.startsWith('+++')) return chalk.green(line);
  if (line.startsWith('-') && !line.startsWith('---')) return chalk.red(line);
  return line;
}

/** One line per event (with the content diff under it, when there is one), `HH:MM:SS host step … status (0.21s)`: for logs, CI and pipes. */
export function plainLine(raw: RunEvent, chalk: ChalkInstance, now = new Date()): string | undefined {
  const event = visibleDeep(raw);
  const t = chalk.dim(clock(now));
  switch (event.type) {
    case 'run-start':
      return `${t} ${chalk.bold(`${event.mode === 'check' ? 'dry run' : 'run'} ${event.runId}`)}: ${event.runbook} on ${event.hosts.length} host(s)`;
    case 'facts':
      return event.ok ? undefined : `${t} ${event.host} facts … ${chalk.red('failed')}: ${event.error}`;
    case 'batch-start':
      return `${t} ${chalk.bold(`batch ${event.index + 1}`)}: ${event.hosts.join(' ')}`;
    case 'retry':
      return `${t} ${event.host} ${event.id} … retry ${event.attempt}/${event.of}`;
    case 'step-end': {
      const colour = (chalk[COLOURS[event.status] ?? 'white'] as ChalkInstance);
      const why = event.reason ? `: ${event.reason}` : '';
      const line = `${t} ${event.host} ${event.id} ${event.name} … ${colour(event.status)}${why} (${(event.durationMs / 1000).toFixed(2)}s)`;
      return event.diff ? [line, ...event.diff.trimEnd().split('\n').map((l) => `    ${diffColour(l, chalk)}`)].join('\n') : line;
    }
    case 'undo':
      return `${t} ${event.host} undo ${event.id} ${event.description} … ${event.status === 'failed' ? chalk.red('failed') : event.status}${event.message ? `: ${event.message}` : ''}`;
    case 'host-status':
      return `${t} ${event.host} is ${event.outcome}${event.reason ? `: ${event.reason}` : ''}`;
    case 'block-end':
      return event.stopped ? `${t} ${chalk.red(`stopped: ${event.stopped}`)}` : undefined;
    default:
      return undefined;
  }
}

/** The recap table: one row per host, as Ansible's PLAY RECAP with rollbacks. */
export function recapTable(raw: readonly HostRecap[], chalk: ChalkInstance): string {
  const recap = visibleDeep(raw);
  const width = Math.max(4, ...recap.map((r) => r.host.length));
  const rows = recap.map((r) => {
    const colour = r.outcome === 'ok' ? chalk.green : r.outcome === 'interrupted' ? chalk.yellow
      : r.outcome === 'not-run' || r.outcome === 'stopped' ? chalk.dim : chalk.red;
    return `${r.host.padEnd(width)}  ${colour(r.outcome.padEnd(15))} ok=${r.ok} changed=${r.changed} failed=${r.failed} skipped=${r.skipped} `
      + `rescued=${r.rescued ?? 0} ignored=${r.ignored ?? 0} rolled_back=${r.rolledBack}`;
  });
  return [chalk.bold('RECAP'), ...rows].join('\n');
}
