import type { Serial } from '../runbook/index.js';

/** Ansible's pct_to_int: "30%" of n hosts, rounded down, at least 1. */
function batchSize(size: number | string, hostCount: number): number {
  if (typeof size === 'string' && size.endsWith('%')) {
    return Math.floor((Number(size.slice(0, -1)) / 100) * hostCount) || 1;
  }
  return Number(size);
}

/**
 * Splits hosts into the batches of a rolling block, as Ansible's serial does: each size in turn,
 * the last one repeating; percentages are of all the block's hosts. `serial: [2, "30%"]` over 7
 * hosts gives [h1 h2] [h3 h4] [h5 h6] [h7].
 */
export function computeBatches<T>(hosts: readonly T[], serial: Serial | undefined): T[][] {
  if (!serial?.length) return hosts.length ? [[...hosts]] : [];
  const batches: T[][] = [];
  let next = 0;
  for (let i = 0; next < hosts.length; i = Math.min(i + 1, serial.length - 1)) {
    const size = batchSize(serial[i]!, hosts.length);
    const take = size <= 0 ? hosts.length - next : size;
    batches.push(hosts.slice(next, next + take));
    next += take;
  }
  return batches;
}
