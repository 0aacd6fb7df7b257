export * from './types.js';
export { loadRunbook, checkRunbookFile } from './load-runbook.js';
export { allSteps, allTasks } from './step-ids.js';
export { parseDuration } from './duration.js';
export * from './releases-data.js';
export * from './upgrade-route.js';
export * from './route-check.js';
export { loadSemver } from './load-semver.js';
