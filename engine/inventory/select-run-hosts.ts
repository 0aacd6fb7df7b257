import { EngineError } from '../core/index.js';
import type { Inventory } from './inventory.js';
import { selectHosts, type ReadLines } from './patterns.js';

export interface RunHostsOptions {
  /** The runbook's `hosts:` pattern. */
  readonly pattern: string;
  /** `--limit`: narrows the hosts, keeping the pattern's order. */
  readonly limit?: string | undefined;
  /** `--allow-empty`: a pattern matching no host is not an error. */
  readonly allowEmpty?: boolean;
  readonly readLines?: ReadLines;
}

/** The hosts a run targets, with the warnings to show. */
export interface RunHosts {
  readonly hosts: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * The hosts of a run: the `hosts:` pattern, narrowed by `--limit`. A `hosts:` pattern that
 * matches nothing is an error unless allowEmpty (Ansible only warns and does nothing); terms of
 * `--limit` that match nothing are warnings, as in Ansible.
 */
export function selectRunHosts(inventory: Inventory, options: RunHostsOptions): RunHosts {
  const selected = selectHosts(inventory, options.pattern, options.readLines);
  const warnings = selected.unmatched.map((t) => `hosts pattern "${options.pattern}": "${t}" matches no group or host`);
  let hosts = selected.hosts;
  if (options.limit !== undefined) {
    const limit = selectHosts(inventory, options.limit, options.readLines);
    warnings.push(...limit.unmatched.map((t) => `--limit: could not match "${t}", ignoring it`));
    const allowed = new Set(limit.hosts);
    hosts = hosts.filter((h) => allowed.has(h));
  }
  if (!selected.hosts.length && !options.allowEmpty) {
    throw new EngineError('invalid-input', `hosts pattern "${options.pattern}" matches no host in the inventory`, {
      hint: `check the group names with \`runbook inventory --graph\`, or pass --allow-empty if that is expected` });
  }
  return { hosts, warnings };
}
