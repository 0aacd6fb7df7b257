import { EngineError, suggest } from '../core/index.js';
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
 * `--limit` that match nothing are warnings, as in Ansible, and a `--limit` that leaves no host
 * is an error (exit 1), as ansible-playbook's "leaves us with no hosts to target".
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
  if (selected.hosts.length && !hosts.length && !options.allowEmpty) {
    const near = suggest(options.limit ?? '', selected.hosts);
    throw new EngineError('failed', `--limit "${options.limit}" leaves no host to target: the runbook's hosts "${options.pattern}" are ${brief(selected.hosts)}`, {
      hint: near ? `did you mean --limit ${near}?` : 'check the names with `runbook inventory --list-hosts PATTERN`' });
  }
  return { hosts, warnings };
}

function brief(hosts: readonly string[]): string {
  return hosts.length <= 5 ? hosts.join(', ') : `${hosts.slice(0, 5).join(', ')} and ${hosts.length - 5} more`;
}
