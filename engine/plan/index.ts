export { computeBatches } from './batches.js';
export * from './plan-document.js';
export { checkRunbookHosts } from './check-hosts.js';
export * from './fingerprint.js';
