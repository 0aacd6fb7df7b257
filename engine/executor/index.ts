export { executeRun, type RunOutcome, type RunRequest } from './execute-run.js';
export type { RunOptions } from './context.js';
export type { HostOutcome, HostRecap, RunEvent, StepStatus } from './events.js';
export { journalWriter } from './journal.js';
export { redactor, secretValues, SECRET_NAME } from './redact.js';
