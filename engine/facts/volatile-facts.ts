import type { Gatherer } from './types.js';

/** Per host, the volatile facts gathered (`ipfs_cluster.disk_free_kb` → its value), as each gatherer declares them. */
export type VolatileFacts = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The values of every gatherer's `volatile` fields, per host; fields a host did not report are left out. */
export function volatileFacts(facts: ReadonlyMap<string, Record<string, unknown>>, gatherers: Iterable<Gatherer>): VolatileFacts {
  const list = [...gatherers];
  const result: Record<string, Record<string, unknown>> = {};
  for (const [host, byGatherer] of facts) {
    const values: Record<string, unknown> = {};
    for (const gatherer of list) {
      const own = byGatherer[gatherer.name] as Record<string, unknown> | undefined;
      for (const field of gatherer.volatile) if (own && own[field] !== undefined) values[`${gatherer.name}.${field}`] = own[field];
    }
    result[host] = values;
  }
  return result;
}
