import type { FactValues } from '../facts/index.js';

function shown(value: unknown): string {
  return value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** A list's change as what was added and removed; anything else as before → after. */
function change(before: unknown, after: unknown): string {
  if (Array.isArray(before) && Array.isArray(after)) {
    const added = after.filter((v) => !before.includes(v)).map(shown);
    const removed = before.filter((v) => !after.includes(v)).map(shown);
    if (added.length || removed.length) return [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join('; ');
  }
  return `${shown(before)} → ${shown(after)}`;
}

/**
 * What changed in the facts since a plan was made, per host, as lines: `peer1: facts.ipfs_cluster.pins:
 * added Qm…`. Facts are not compared to refuse a plan (the plan is); these lines say why it changed.
 */
export function describeFactChanges(saved: FactValues, now: FactValues): string[] {
  const hosts = [...new Set([...Object.keys(saved), ...Object.keys(now)])];
  return hosts.flatMap((host) => {
    const before = saved[host] ?? {};
    const after = now[host] ?? {};
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return names.filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n])).map((n) => `${host}: facts.${n}: ${change(before[n], after[n])}`);
  });
}
