export { executeRun, type RunOutcome, type RunRequest } from './execute-run.js';
export type { RunOptions } from './context.js';
export type { HostOutcome, HostRecap, RunEvent, StepStatus } from '../plan/index.js';
export { eventLine, EVENTS_VERSION, journalFile, journalWriter, readJournal, type JournalEntry, type JournalWriter } from './journal.js';
export { listRuns, runHistory, type RunHistory, type RunStatus, type RunSummary } from './run-history.js';
export { MASK, maskSecretAssignments, maskText, redactor, SecretRegistry, type SecretSources, secretValues, SECRET_NAME } from './redact.js';
export { resumeState, type ResumeState } from './resume.js';
