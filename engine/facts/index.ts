import { ipfsClusterGatherer } from './ipfs-cluster.js';
import { systemGatherer } from './system.js';
import type { Gatherer } from './types.js';

/** Gatherers by the name runbooks give in `facts:`. */
export const GATHERERS: ReadonlyMap<string, Gatherer> = new Map([systemGatherer, ipfsClusterGatherer].map((g) => [g.name, g]));

export * from './types.js';
export { defineGatherer, gatherAll, type GatherResult } from './gather-facts.js';
export { parseSystemFacts } from './system.js';
export { apiAddress, parseClusterApi, parseClusterFiles, redactConfig } from './ipfs-cluster.js';
export { stableFacts, volatileFacts, type FactValues, type VolatileFacts } from './volatile-facts.js';
