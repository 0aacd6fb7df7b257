export { computeBatches } from './batches.js';
export { EVENT_TYPES, isFailedOutcome, type BlockKind, type HostOutcome, type HostRecap, type RunEvent, type StepStatus } from './events.js';
export * from './plan-document.js';
export { checkRunbookHosts } from './check-hosts.js';
export * from './fingerprint.js';
export * from './compare-plans.js';
export * from './saved-plan.js';
export * from './check-saved-plan.js';
export * from './compare-facts.js';
