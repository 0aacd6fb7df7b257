export { computeBatches } from './batches.js';
export * from './plan-document.js';
