export { computeBatches } from './batches.js';
export type { BlockKind, HostOutcome, HostRecap, RunEvent, StepStatus } from './events.js';
export * from './plan-document.js';
export { checkRunbookHosts } from './check-hosts.js';
export * from './fingerprint.js';
export * from './compare-plans.js';
export * from './saved-plan.js';
export * from './check-saved-plan.js';
export * from './compare-facts.js';
