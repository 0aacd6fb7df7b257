import type { Gatherer } from './types.js';

/** Per host, facts by `gatherer.field` (`ipfs_cluster.disk_free_kb` → its value). */
export type FactValues = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The volatile facts of each host. */
export type VolatileFacts = FactValues;

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Each host's facts by `gatherer.field`, for the fields `keep` accepts. */
function pick(facts: ReadonlyMap<string, Record<string, unknown>>, gatherers: Iterable<Gatherer>,
  keep: (gatherer: Gatherer, field: string, value: unknown) => boolean): FactValues {
  const list = [...gatherers];
  const result: Record<string, Record<string, unknown>> = {};
  for (const [host, byGatherer] of facts) {
    const values: Record<string, unknown> = {};
    for (const gatherer of list) {
      const own = (byGatherer[gatherer.name] ?? {}) as Record<string, unknown>;
      for (const [field, value] of Object.entries(own)) if (value !== undefined && keep(gatherer, field, value)) values[`${gatherer.name}.${field}`] = value;
    }
    result[host] = values;
  }
  return result;
}

/** The values of every gatherer's `volatile` fields, per host; fields a host did not report are left out. */
export function volatileFacts(facts: ReadonlyMap<string, Record<string, unknown>>, gatherers: Iterable<Gatherer>): VolatileFacts {
  return pick(facts, gatherers, (g, field) => g.volatile.includes(field));
}

/**
 * The facts that do not change by themselves, per host: scalars and lists of scalars (versions, pins,
 * peers, snapshots); volatile fields and nested documents (service.json, which can hold credentials) left out.
 */
export function stableFacts(facts: ReadonlyMap<string, Record<string, unknown>>, gatherers: Iterable<Gatherer>): FactValues {
  return pick(facts, gatherers, (g, field, value) => !g.volatile.includes(field) && (isScalar(value) || (Array.isArray(value) && value.every(isScalar))));
}
