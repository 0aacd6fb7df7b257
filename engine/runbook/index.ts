export * from './types.js';
export { loadRunbook, checkRunbookFile, type LoadOptions } from './load-runbook.js';
export type { TemplateChecker } from './template-fields.js';
export { allSteps, allTasks } from './step-ids.js';
export { parseDuration } from './duration.js';
export * from './releases-data.js';
export * from './upgrade-route.js';
export * from './route-check.js';
export { loadSemver } from './load-semver.js';
