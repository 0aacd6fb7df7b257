import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { EngineError, invalidInput, sortDiagnostics, visibleText, type Diagnostic } from '../../core/index.js';
import type { Connection } from '../../connection/index.js';
import { connections } from '../connections.js';
import { eventLine, executeRun, journalFile, recordOf, RunStore, type RunFolder, type RunEvent, type RunOptions,
  type ResumeState, type RunOutcome, type RunRequest } from '../../executor/index.js';
import { loadInventory, selectRunHosts, type Inventory } from '../../inventory/index.js';
import type { Prompter } from '../../modules/index.js';
import { GATHERERS, stableFacts, volatileFacts } from '../../facts/index.js';
import { checkRunbookHosts, checkSavedInputs, checkSavedPlan, controllerFiles, digest, digestFiles, hasChanges, parseSavedPlan, planFromEvents, runbookFiles,
  savedPlanOptions, serializeSavedPlan, type InputDigests, type PlanDocument, type PlanFingerprint, type SavedPlan, type SavedPlanOptions } from '../../plan/index.js';
import { currentActor } from '../actor.js';
import { inventoryList, plainLine, planMarkdown, planText, recapTable } from '../../reporters/index.js';
import { loadRunbook, type Runbook } from '../../runbook/index.js';
import { findFile } from '../../source/index.js';
import { checkTemplate } from '../../template/index.js';
import { checkParams, maskedExtraVars, parseExtraVars, readLines, restoreMaskedExtraVars } from '../extra-vars.js';
import { useVaultPasswords } from '../vault-passwords.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { refuseOptionsFixedByPlan } from '../plan-options.js';
import { maxHostsOption } from './inventory.js';
import type { Interrupts, Terminal } from '../terminal.js';

/** The options of `plan` and `exec`: those a saved plan fixes, and those each run decides. */
export interface RunCommandOptions extends SavedPlanOptions {
  readonly yes?: boolean;
  /** --break-lock REASON: take the leases of the hosts even from a live run (the reason goes to the journal). */
  readonly breakLock?: string;
  /** --rerun-interrupted (resume): run again the steps the controller died in, though they do not say they are idempotent. */
  readonly rerunInterrupted?: boolean;
}

/** What both `plan` and `exec` start from, checked before anything touches a host. */
export interface Prepared {
  readonly runbook: Runbook;
  readonly inventory: Inventory;
  readonly hosts: readonly string[];
  readonly extraVars: Record<string, unknown>;
  readonly connect: (host: string) => Connection;
  /** Ends every connection the run opened (an open SSH connection would keep the process alive). */
  readonly closeAll: () => Promise<void>;
  readonly runId: string;
  readonly runDir: string;
  /** The run's folder in the run store (made when the run really starts). */
  readonly folder: RunFolder;
  /** What this segment's run-start says: first start, resume, approval or rollback; who; a broken lock. */
  segment?: RunRequest['segment'];
}

/** The same mistake is found once per host; report it once. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

function list(value: string | undefined): string[] {
  return value ? value.split(',').map((t) => t.trim()).filter(Boolean) : [];
}

/** The run store of the folder the command runs in. */
export function runStore(): RunStore {
  return new RunStore(process.cwd());
}

/** `again`: a resume or rollback: the run's own folder, and the `-e` values it started with (not read again). */
export async function prepare(runbookName: string, options: RunCommandOptions, terminal: Terminal, again?: { folder: RunFolder; extraVars: Record<string, unknown> }): Promise<Prepared> {
  await useVaultPasswords(options);
  const runbook = loadRunbook(relative(process.cwd(), findFile(runbookName, 'runbooks', 'runbook')) || runbookName, { checkTemplate });
  if (!options.inventory.length) throw new EngineError('usage', 'no inventory given', { hint: 'use -i FILE (looked up in inventories/)' });
  const inventory = loadInventory(options.inventory, process.cwd(), { maxHosts: maxHostsOption(options.maxHosts) });
  const problems = checkRunbookHosts(runbook, inventory);
  if (problems.length) throw invalidInput(problems);
  const { hosts, warnings } = selectRunHosts(inventory, { pattern: runbook.hosts, limit: options.limit, allowEmpty: options.allowEmpty === true, readLines });
  for (const warning of warnings) terminal.err(`${terminal.chalk.yellow('warning')}: ${warning}`);
  const { extraVars, defaults } = checkParams(runbook, again?.extraVars ?? parseExtraVars(options.extraVars));
  const folder = again?.folder ?? runStore().create(runbook.name);
  return { runbook: { ...runbook, vars: { ...defaults, ...runbook.vars } }, inventory, hosts, extraVars,
    ...connections(inventory, hosts, options), runId: folder.id, runDir: folder.dir, folder };
}

function runOptions(options: RunCommandOptions, mode: RunOptions['mode'], runbook: Runbook): RunOptions {
  const forks = Number(options.forks ?? runbook.forks ?? 50);
  if (!Number.isInteger(forks) || forks < 1) throw new EngineError('usage', `--forks ${options.forks}: expected a whole number of at least 1`);
  return { mode, forks, noRollback: !options.rollback, tags: list(options.tags), skipTags: list(options.skipTags), startAtStep: options.startAtStep,
    diff: options.diff === true, skipFacts: options.facts === 'none' };
}

function prompter(terminal: Terminal, assumeYes: boolean): Prompter {
  return { canAsk: terminal.isInteractive, assumeYes, ask: (question) => terminal.ask(question) };
}

async function dryRun(prepared: Prepared, options: RunCommandOptions, terminal: Terminal, interrupts: Interrupts) {
  const events: RunEvent[] = [];
  const outcome = await executeRun({ ...prepared, options: runOptions(options, 'check', prepared.runbook), prompter: prompter(terminal, options.yes === true),
    emit: (e) => events.push(e), signal: interrupts.stop, killSignal: interrupts.kill });
  const plan: PlanDocument = planFromEvents(events, {
    runbook: { name: prepared.runbook.name, file: relative(process.cwd(), prepared.runbook.file), ...(prepared.runbook.description ? { description: prepared.runbook.description } : {}) },
    inventory: options.inventory, hosts: prepared.hosts, vars: outcome.redact(prepared.extraVars) });
  if (outcome.diagnostics.length) throw invalidInput(sortDiagnostics(dedupe(outcome.diagnostics)), outcome.maskText);
  return { outcome, plan };
}

export function fingerprintOf(prepared: Prepared): PlanFingerprint {
  return {
    runbook: digest(runbookFiles(prepared.runbook).map((f) => readFileSync(f, 'utf8'))),
    inventory: digest(inventoryList(prepared.inventory)),
  };
}

/** What a saved plan was made from: every file read on the controller (-e @files too), and the inventory. */
function inputDigests(prepared: Prepared, options: RunCommandOptions): InputDigests {
  const files = [...controllerFiles(prepared.runbook), ...options.extraVars.filter((v) => v.startsWith('@')).map((v) => v.slice(1))];
  return { files: digestFiles(files.map((f) => relative(process.cwd(), f) || f)), inventory: digest(inventoryList(prepared.inventory)) };
}

/** `runbook plan`: a dry run, printed as text, markdown or JSON; `-o` saves it for `exec --plan`. */
export async function planCommand(terminal: Terminal, runbookName: string, options: RunCommandOptions & { format: string; detailedExitcode?: boolean; out?: string }, interrupts: Interrupts): Promise<ExitCode> {
  const prepared = await prepare(runbookName, options, terminal);
  try {
    return await planWith(prepared, terminal, runbookName, options, interrupts);
  } finally {
    await prepared.closeAll();
  }
}

async function planWith(prepared: Prepared, terminal: Terminal, runbookName: string, options: RunCommandOptions & { format: string; detailedExitcode?: boolean; out?: string }, interrupts: Interrupts): Promise<ExitCode> {
  const { outcome, plan } = await dryRun(prepared, options, terminal, interrupts);
  if (options.out) {
    // -e secrets are masked in the file: `exec --plan` takes them again with -e
    writeFileSync(options.out, serializeSavedPlan({ runbook: runbookName, options: outcome.redact(savedPlanOptions(options)), digests: inputDigests(prepared, options),
      volatile: volatileFacts(outcome.facts, GATHERERS.values()), facts: stableFacts(outcome.facts, GATHERERS.values()), plan }));
  }
  terminal.out(options.format === 'json' ? JSON.stringify(plan, null, 2) : options.format === 'markdown' ? planMarkdown(plan) : planText(plan));
  if (options.detailedExitcode) return hasChanges(plan) ? EXIT.hostsFailed : EXIT.ok;
  return outcome.exitCode;
}

function readSavedPlan(file: string): SavedPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EngineError('usage', `cannot read the plan ${file}: ${(error as Error).message}`);
  }
  return parseSavedPlan(text, file);
}

/**
 * `runbook exec`: checks the whole run first (a dry run), then runs it, printing one line per
 * event. With `--plan FILE`, runs the saved plan's runbook with its options (refusing any given that
 * would change them), and refuses (exit 1) if the files it was made from changed or the plan made
 * from today's facts differs from it.
 */
export async function execCommand(terminal: Terminal, runbookName: string | undefined, given: RunCommandOptions & { dryRun?: boolean; plan?: string; output?: string }, interrupts: Interrupts): Promise<ExitCode> {
  const saved = given.plan === undefined ? undefined : readSavedPlan(given.plan);
  if (saved) refuseOptionsFixedByPlan(runbookName, given, given.plan!, maskedExtraVars(saved.options.extraVars));
  // vault passwords given now are added to those the plan was made with (they are file names, not passwords)
  const options = saved ? { ...saved.options, yes: given.yes, diff: saved.options.diff === true || given.diff === true,
    extraVars: restoreMaskedExtraVars(saved.options.extraVars, given.extraVars, given.plan ?? 'the plan'),
    vaultPasswordFile: [...saved.options.vaultPasswordFile ?? [], ...given.vaultPasswordFile ?? []],
    vaultId: [...saved.options.vaultId ?? [], ...given.vaultId ?? []] } : given;
  const name = saved?.runbook ?? runbookName;
  if (name === undefined) throw new EngineError('usage', 'give a runbook, or --plan FILE');
  const prepared = await prepare(name, options, terminal);
  // one run at a time per host: taken before the check, so that what the check saw is what runs
  const by = currentActor();
  const leases = given.dryRun ? undefined : prepared.folder.lease(prepared.hosts, by, given.breakLock);
  if (leases) prepared.segment = { segment: 'start', by, ...(leases.lockBroken ? { lockBroken: leases.lockBroken } : {}) };
  try {
    return await execWith(prepared, terminal, { ...options, dryRun: given.dryRun, output: given.output }, saved, given.plan, interrupts);
  } finally {
    leases?.release();
    await prepared.closeAll();
  }
}

async function execWith(prepared: Prepared, terminal: Terminal, options: RunCommandOptions & { dryRun?: boolean; output?: string },
  saved: SavedPlan | undefined, planFile: string | undefined, interrupts: Interrupts): Promise<ExitCode> {
  if (options.facts === 'none' && !options.dryRun) {
    throw new EngineError('usage', '--facts none is for plans: a run needs the facts its runbook reads', { hint: 'use it with `runbook plan` or `exec --dry-run`' });
  }
  if (saved) checkSavedInputs(saved, inputDigests(prepared, options), planFile ?? '');
  // the dry run finds undefined variables and bad expressions before anything changes on a host
  const check = await dryRun(prepared, options, terminal, interrupts);
  if (saved) {
    const facts = check.outcome.facts;
    checkSavedPlan(saved, { plan: check.plan, volatile: volatileFacts(facts, GATHERERS.values()), facts: stableFacts(facts, GATHERERS.values()) }, planFile ?? '');
  }
  if (options.dryRun) {
    terminal.out(planText(check.plan));
    return check.outcome.exitCode;
  }
  saveRunRecord(prepared, options, check.outcome);
  return realRun(prepared, terminal, options, interrupts, check.outcome.facts, undefined);
}

/** run.json and facts.json in the run's folder (0600): what `--resume` and `rollback` start from again; -e secrets masked in its options. */
function saveRunRecord(prepared: Prepared, options: RunCommandOptions, check: RunOutcome): void {
  const { runbook, inventory } = fingerprintOf(prepared);
  const record = recordOf({ runbook: prepared.runbook.file, options: check.redact(options), extraVars: prepared.extraVars, fingerprint: { runbook, inventory },
    by: prepared.segment?.by ?? currentActor() });
  prepared.folder.writeRecord(record, check.facts);
}

export async function realRun(prepared: Prepared, terminal: Terminal, options: RunCommandOptions & { output?: string }, interrupts: Interrupts,
  facts: ReadonlyMap<string, Record<string, unknown>>, resume: ResumeState | undefined, isRollbackOnly = false): Promise<ExitCode> {
  const output = options.output ?? (terminal.isLive ? 'live' : 'plain');
  const journal = prepared.folder.journal();
  // listr2 is loaded only for the live view
  const live = output === 'live'
    ? new (await import('../../reporters/live-view.js')).LiveView(prepared.runbook.steps.map((s, i) => ({ id: String(i + 1), name: s.name ?? (s.kind === 'task' ? s.module : s.kind) })), terminal.chalk, interrupts)
    : undefined;
  // a journal that cannot be written (a full disk) stops the run as an interrupt does
  const outcome = await executeRun({ ...prepared, options: runOptions(options, 'run', prepared.runbook), prompter: prompter(terminal, options.yes === true),
    facts, resume, isRollbackOnly, keep: prepared.folder.keeper(), ...(prepared.segment ? { segment: prepared.segment } : {}),
    signal: AbortSignal.any([interrupts.stop, journal.stopped]), killSignal: interrupts.kill,
    emit: (event) => {
      journal(event);
      if (live) return live.emit(event);
      const line = output === 'json' ? eventLine(event) : plainLine(event, terminal.chalk);
      if (line) terminal.out(line);
    } });
  await live?.done;
  if (output !== 'json') terminal.out(recapTable(outcome.recap, terminal.chalk));
  if (journal.failure) throw journalFailed(prepared.runDir, prepared.runId, journal.failure);
  if (interrupts.stop.aborted) {
    // the recap cannot say what an unfinished upgrade left behind: say how to finish it or undo it
    terminal.err(`${terminal.chalk.yellow(`interrupted: run ${prepared.runId} stopped before its end`)}\n${terminal.chalk.cyan('hint')}: `
      + `\`runbook exec --resume ${prepared.runId}\` goes on (owed undos first); \`runbook rollback ${prepared.runId}\` undoes what it did`);
    return EXIT.interrupted;
  }
  if (outcome.isSuspended && outcome.exitCode === 0) {
    terminal.err(terminal.chalk.yellow(`suspended: ${visibleText(outcome.halted ?? '')}`));
    return EXIT.error;
  }
  return outcome.exitCode;
}

function journalFailed(runDir: string, runId: string, failure: Error): EngineError {
  return new EngineError('failed', `cannot write the journal ${relative(process.cwd(), journalFile(runDir))}: ${failure.message}; `
    + 'the run stopped there: no new step started, the running ones ended (what they did after that is not in the journal)', {
    hint: `make room, then \`runbook exec --resume ${runId}\` goes on from what the journal holds`, cause: failure });
}
