import { relative } from 'node:path';
import { connections } from '../engine/cli/connections.js';
import { readLines } from '../engine/cli/extra-vars.js';
import { GATHERERS } from '../engine/facts/index.js';
import { loadInventory, selectRunHosts } from '../engine/inventory/index.js';
import { loadRunbook, type Runbook } from '../engine/runbook/index.js';
import { findFile } from '../engine/source/index.js';
import { keptVars, shapeFromFacts, type ClusterShape } from './shape.js';

/** The runbook file found as `runbook plan` finds it (as given, else in runbooks/), loaded. */
export function findRunbook(name: string, cwd: string): Runbook {
  return loadRunbook(relative(cwd, findFile(name, 'runbooks', 'runbook')) || name);
}

/**
 * Reads the real cluster, read-only, with the engine's own `ipfs_cluster` facts (one read-only command per host), and
 * returns its shape. Hosts are those the runbook targets in the inventory, narrowed by `limit`.
 */
export async function gatherShape(options: { runbook: Runbook; inventory: readonly string[]; cwd: string; limit?: string }): Promise<ClusterShape> {
  const inventory = loadInventory(options.inventory, options.cwd);
  const { hosts } = selectRunHosts(inventory, { pattern: options.runbook.hosts, limit: options.limit, allowEmpty: false, readLines });
  const { connect, closeAll } = connections(inventory, hosts, {});
  const gatherer = GATHERERS.get('ipfs_cluster')!;
  try {
    const facts = Object.fromEntries(await Promise.all(hosts.map(async (host) =>
      [host, await gatherer.gather(connect(host), { vars: inventory.hostVars(host), timeoutMs: 120_000 })] as const)));
    const groups = Object.fromEntries([...inventory.groups.keys()].filter((g) => g !== 'all' && g !== 'ungrouped')
      .map((g) => [g, inventory.groupHosts(g).filter((h) => hosts.includes(h))] as const).filter(([, members]) => members.length > 0));
    const vars = Object.fromEntries(hosts.map((host) => [host, keptVars(inventory.hostVars(host))]));
    return shapeFromFacts({ hosts, groups, vars, facts });
  } finally {
    await closeAll();
  }
}
