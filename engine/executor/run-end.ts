import type { HostRecap } from '../plan/index.js';
import type { HostState } from './host-state.js';

// How a run ends: where each host stands, its recap row, and the exit code.

function recapOf(host: HostState): HostRecap {
  return { host: host.name, outcome: host.outcome, ...host.counts, ...(host.reason ? { reason: host.reason } : {}) };
}

/**
 * Ansible's rule: unreachable hosts (3) before failed ones (2); and before both, 99: interrupted. A `runbook rollback`
 * is asked to roll hosts back: a host rolled back is its success, only an undo that failed is a failure.
 */
function exitCodeOf(recap: readonly HostRecap[], isInterrupted: boolean, isRollbackOnly: boolean): 0 | 2 | 3 | 99 {
  if (isInterrupted) return 99;
  if (recap.some((r) => r.outcome === 'unreachable')) return 3;
  const failures = isRollbackOnly ? ['failed', 'rollback-failed'] : ['failed', 'rolled-back', 'rollback-failed'];
  if (recap.some((r) => failures.includes(r.outcome))) return 2;
  return 0;
}

/** How the run was stopped, if it was. */
export interface RunStop {
  /** A failure (any_errors_fatal, a failed batch) or an interrupt ended the run before its last step. */
  readonly isHalted: boolean;
  /** Ctrl-C or SIGTERM. */
  readonly isInterrupted: boolean;
  /** `runbook rollback`: rolling hosts back is what was asked. */
  readonly isRollbackOnly: boolean;
}

/**
 * Settles the hosts the run did not finish (no step ran on them before it halted or was interrupted: `not-run`;
 * still going when it was interrupted: `interrupted`, so the recap never calls them ok) and gives the recap, masked
 * by `redact`, and the exit code.
 */
export function endOfRun(hosts: readonly HostState[], stop: RunStop, redact: <T>(value: T) => T): { recap: readonly HostRecap[]; exitCode: 0 | 2 | 3 | 99 } {
  for (const host of hosts) if (host.outcome === 'ok' && !host.touched && (stop.isHalted || stop.isInterrupted)) host.settle('not-run');
  if (stop.isInterrupted) {
    for (const host of hosts) if (host.outcome === 'ok' && host.endedBy === undefined) host.settle('interrupted', 'the run was interrupted before its end');
  }
  const recap = redact(hosts.map(recapOf));
  return { recap, exitCode: exitCodeOf(recap, stop.isInterrupted, stop.isRollbackOnly) };
}
