export { executeRun, type RunOutcome, type RunRequest } from './execute-run.js';
export type { RunOptions } from './context.js';
export type { HostOutcome, HostRecap, RunEvent, StepStatus } from './events.js';
export { eventLine, EVENTS_VERSION, journalFile, journalWriter, listRuns, readJournal, type JournalEntry, type JournalWriter, type RunSummary } from './journal.js';
export { redactor, secretValues, SECRET_NAME } from './redact.js';
export { resumeState, type ResumeState } from './resume.js';
