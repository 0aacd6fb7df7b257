import { EngineError } from '../../core/index.js';
import { DEFAULT_MAX_HOSTS, loadInventory, selectRunHosts, writeInventoryList } from '../../inventory/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { Terminal } from '../terminal.js';
import { useVaultPasswords, type VaultOptions } from '../vault-passwords.js';

export interface InventoryOptions extends VaultOptions {
  readonly inventory: readonly string[];
  readonly list?: boolean;
  readonly graph?: string | true;
  readonly vars?: boolean;
  readonly host?: string;
  readonly listHosts?: string;
  readonly limit?: string;
  readonly allowEmpty?: boolean;
  readonly maxHosts?: string;
}

/** `--max-hosts N` as a number: a whole number of at least 1, DEFAULT_MAX_HOSTS when not given. */
export function maxHostsOption(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_HOSTS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !(value >= 1)) throw new EngineError('usage', `--max-hosts ${text}: expected a whole number of at least 1`);
  return value;
}

/** `runbook inventory`: the same outputs as `ansible-inventory --list | --graph [--vars] | --host`. */
export async function inventoryCommand(terminal: Terminal, options: InventoryOptions): Promise<ExitCode> {
  const chosen = [options.list, options.graph, options.host, options.listHosts].filter((o) => o !== undefined && o !== false).length;
  if (chosen !== 1) throw new EngineError('usage', 'give exactly one of --list, --graph, --host NAME or --list-hosts PATTERN');
  if (!options.inventory.length) throw new EngineError('usage', 'no inventory given', { hint: 'use -i FILE, -i DIR or -i host1,host2,' });
  await useVaultPasswords(options);
  const inventory = loadInventory(options.inventory, process.cwd(), { maxHosts: maxHostsOption(options.maxHosts) });
  if (options.listHosts !== undefined) {
    // loaded here: only --limit @file reads lines, and --list on a big inventory should not pay for it
    const { readLines } = await import('../extra-vars.js');
    const { hosts, warnings } = selectRunHosts(inventory, { pattern: options.listHosts, limit: options.limit,
      allowEmpty: options.allowEmpty === true, readLines });
    for (const warning of warnings) terminal.err(`${terminal.chalk.yellow('warning')}: ${warning}`);
    terminal.out([`  hosts (${hosts.length}):`, ...hosts.map((h) => `    ${h}`)].join('\n'));
  } else if (options.list) {
    // streamed: a big inventory's JSON is never held whole (each chunk ends with a newline)
    writeInventoryList(inventory, terminal.out);
  } else if (options.host !== undefined) {
    if (!inventory.hosts.has(options.host)) throw new EngineError('failed', `host "${options.host}" is not in the inventory`);
    const { toAnsibleJson } = await import('../../reporters/inventory-views.js');
    terminal.out(toAnsibleJson(inventory.hostVars(options.host)));
  } else {
    const { inventoryGraph } = await import('../../reporters/inventory-views.js');
    const root = options.graph === true ? 'all' : options.graph!;
    if (!inventory.groups.has(root)) throw new EngineError('failed', `group "${root}" is not in the inventory`);
    terminal.out(inventoryGraph(inventory, root, { vars: options.vars === true }));
  }
  return EXIT.ok;
}
