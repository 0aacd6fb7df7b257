import { systemGatherer } from './system.js';
import type { Gatherer } from './types.js';

/** Gatherers by the name runbooks give in `facts:`; `ipfs_cluster` registers itself here. */
export const GATHERERS = new Map<string, Gatherer>([[systemGatherer.name, systemGatherer]]);

export * from './types.js';
export { parseSystemFacts } from './system.js';
