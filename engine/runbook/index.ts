export * from './types.js';
export { loadRunbook, checkRunbookFile } from './load-runbook.js';
export { parseDuration } from './duration.js';
