import { setMaxListeners } from 'node:events';
import { EngineError, type Diagnostic } from '../core/index.js';
import { ConnectionError, type Connection } from '../connection/index.js';
import { GATHERERS, gatherAll } from '../facts/index.js';
import type { Inventory } from '../inventory/index.js';
import type { Prompter } from '../modules/index.js';
import type { Runbook, Step } from '../runbook/index.js';
import type { Frame, RunContext, RunOptions } from './context.js';
import type { HostRecap, RunEvent } from '../plan/index.js';
import { HostState } from './host-state.js';
import { forEachLimited } from './pool.js';
import { endOfRun } from './run-end.js';
import type { ResumeState } from './resume.js';
import { rollBack } from './rollback.js';
import { maskText, redactor, SecretRegistry, type SecretSources } from './redact.js';
import { hostVars, varsSources } from './variables.js';
import { resolveSerials } from './serial.js';
import { runSteps } from './walk.js';

/** Everything a run needs; the CLI builds it, tests build it with real or fake connections. */
export interface RunRequest {
  readonly runbook: Runbook;
  readonly inventory: Inventory;
  /** The targeted hosts, in order (the runbook's pattern, narrowed by --limit). */
  readonly hosts: readonly string[];
  readonly extraVars: Readonly<Record<string, unknown>>;
  readonly options: RunOptions;
  readonly runId: string;
  readonly runDir: string;
  readonly connect: (host: string) => Connection;
  readonly prompter: Prompter;
  readonly emit: (event: RunEvent) => void;
  /** Aborted to stop starting new steps (a first Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Aborted to kill the steps that are running (a second Ctrl-C). */
  readonly killSignal?: AbortSignal;
  /** Facts already gathered (by the check that precedes a real run), to gather them once. */
  readonly facts?: ReadonlyMap<string, Record<string, unknown>>;
  /** Continue the run these journal events tell of (`exec --resume`). */
  readonly resume?: ResumeState;
  /**
   * Secrets whatever their names: variable names to treat as secret, values secret from the start
   * (plaintexts), and a test for values secret as written (`!vault`). Params declared `secret: true`,
   * `no_log` registers and secret-looking names are added by the run itself.
   */
  readonly secrets?: SecretSources;
  /** With `resume`: run only the undo hooks the run's finished steps left, per host, newest first (`runbook rollback`). */
  readonly isRollbackOnly?: boolean;
  /** Keeps registered results unmasked (the run store's registered.json). */
  readonly keep?: (host: string, stepId: string, result: Record<string, unknown>) => void;
  /** What the run-start event says of this segment: which one, who, and a broken lock. */
  readonly segment?: Pick<Extract<RunEvent, { type: 'run-start' }>, 'segment' | 'by' | 'lockBroken'>;
}

export interface RunOutcome {
  readonly recap: readonly HostRecap[];
  /** 99 when `signal` stopped the run (an interrupt): the journal's run-end says so too. */
  readonly exitCode: 0 | 2 | 3 | 99;
  readonly facts: ReadonlyMap<string, Record<string, unknown>>;
  readonly halted: string | undefined;
  /** The run stopped to wait for an approval. */
  readonly isSuspended: boolean;
  /** Mistakes in the runbook the run ran into: undefined variables, bad expressions (file:line:col); secrets masked. */
  readonly diagnostics: readonly Diagnostic[];
  /** Masks the run's secrets (as known at the end of the run) in anything: for what the caller writes or shows itself. */
  readonly redact: <T>(value: T) => T;
  /** The same for one line of text (a source line a diagnostic quotes). */
  readonly maskText: (text: string) => string;
}

/** The names `no_log` steps register: secret from the start, so that a var reading one is secret in a plan or a resumed run too. */
function noLogRegisters(steps: readonly Step[]): string[] {
  return steps.flatMap((step) => {
    if (step.kind === 'task') return [...(step.noLog && step.register ? [step.register] : []), ...noLogRegisters(step.rollback)];
    return noLogRegisters(step.kind === 'block' ? [...step.steps, ...step.rescue, ...step.always] : step.steps);
  });
}

/** The secrets a run starts with: declared ones, then the values of secret-named variables of every source. */
function startingSecrets(input: RunRequest): SecretRegistry {
  const declared = [...Object.entries(input.runbook.params).filter(([, p]) => p.isSecret).map(([name]) => name),
    ...noLogRegisters([...input.runbook.steps, ...input.runbook.rollback])];
  const registry = new SecretRegistry({ ...input.secrets, names: [...declared, ...(input.secrets?.names ?? [])] });
  registry.addFromVars(input.runbook.vars, input.extraVars, ...input.hosts.map((h) => input.inventory.hostVars(h)));
  return registry;
}

async function gatherFacts(request: RunRequest, hosts: readonly HostState[]): Promise<void> {
  const names = request.runbook.facts;
  if (request.options.skipFacts) {
    if (request.options.mode !== 'check') throw new EngineError('usage', '--facts none is for plans: a run needs the facts its runbook reads');
    // hostvars shows each host's facts too
    for (const host of hosts) for (const name of ['facts', 'hostvars']) host.unknown.set(name, 'facts are not gathered: --facts none');
    return;
  }
  await forEachLimited(hosts, request.options.forks, async (host) => {
    const known = request.facts?.get(host.name);
    if (known) {
      host.facts = known;
      return;
    }
    try {
      const unknown = names.find((name) => !GATHERERS.has(name));
      if (unknown) throw new Error(`no fact gatherer "${unknown}" (known: ${[...GATHERERS.keys()].join(', ')})`);
      // one remote exec for all of them; the first that failed, in the runbook's order, fails the host
      for (const result of await gatherAll(names.map((name) => GATHERERS.get(name)!), request.connect(host.name), { vars: host.inventoryVars })) {
        if ('error' in result) throw result.error;
        host.facts[result.name] = result.facts;
      }
      request.emit({ type: 'facts', host: host.name, ok: true });
    } catch (error) {
      host.settle(error instanceof ConnectionError ? 'unreachable' : 'failed', `gathering facts: ${(error as Error).message}`);
      host.isFactsMissing = true;
      request.emit({ type: 'facts', host: host.name, ok: false, error: host.reason });
      request.emit({ type: 'host-status', host: host.name, outcome: host.outcome, reason: host.reason });
    }
  });
}

/**
 * Puts a resumed run's hosts where the journal left them: registered values and undo stacks
 * restored; hosts that ended rolled back or stopped stay out; a host that failed without its undos
 * having run gets them run now, first.
 */
function restore(host: HostState, resume: ResumeState): void {
  Object.assign(host.registered, resume.registered.get(host.name) ?? {});
  Object.assign(host.setFacts, resume.setFacts.get(host.name) ?? {});
  host.undo.push(...(resume.undo.get(host.name) ?? []));
  host.touched = [...resume.done.keys()].some((k) => k.startsWith(`${host.name}\t`));
}

/** `runbook rollback`: every host runs the undo hooks its finished steps left; a host with none is not run. */
async function rollBackRun(ctx: RunContext, hosts: readonly HostState[], resume: ResumeState): Promise<void> {
  for (const host of hosts) {
    restore(host, resume);
    if (!host.undo.length) host.settle('not-run');
  }
  await rollBack(ctx, hosts.filter((h) => h.undo.length), 'rolled back with `runbook rollback`');
}

async function takeOver(ctx: RunContext, hosts: readonly HostState[], resume: ResumeState): Promise<void> {
  const owed: HostState[] = [];
  for (const host of hosts) {
    restore(host, resume);
    const last = resume.outcomes.get(host.name);
    if (last && ['rolled-back', 'rollback-failed', 'stopped'].includes(last.outcome)) {
      host.settle(last.outcome, last.reason);
    } else if (last?.outcome === 'failed') {
      host.pendingFailure = last.reason ?? 'failed in the run being resumed';
      owed.push(host);
    }
  }
  if (owed.length) await rollBack(ctx, owed, 'undo hooks owed by the run being resumed');
}

/** The runbook-level `rollback:` runs last, on the hosts that failed or were rolled back. */
async function runbookRollback(ctx: RunContext, hosts: readonly HostState[], frame: Frame): Promise<void> {
  const targets = hosts.filter((h) => ['failed', 'rolled-back', 'rollback-failed', 'stopped'].includes(h.outcome));
  if (!ctx.runbook.rollback.length || !targets.length || ctx.options.noRollback) return;
  for (const host of targets) host.beginUndo();
  const halted = ctx.halted;
  ctx.halted = undefined;
  await runSteps(ctx, ctx.runbook.rollback, targets, { ...frame, canRescue: true });
  ctx.halted = halted;
  for (const host of targets) {
    const failure = host.endUndo();
    if (failure !== undefined && host.outcome === 'rolled-back') host.settle('rollback-failed');
  }
}

/** The runbook's `summary:` for each host whose facts are in; a template that cannot render says why. */
function summarise(ctx: RunContext, hosts: readonly HostState[]): void {
  const entries = Object.entries(ctx.runbook.summary);
  if (!entries.length) return;
  for (const host of hosts.filter((h) => h.isActive && !h.unknown.has('facts'))) {
    const vars = hostVars(ctx.sources, host, { stepVars: [], registered: {}, setFacts: {}, batchHosts: [] });
    const values = Object.fromEntries(entries.map(([label, template]) => {
      try {
        return [label, String(vars.render(template, { file: ctx.runbook.file, path: ['summary', label] }))];
      } catch (error) {
        return [label, `(cannot render: ${(error as Error).message})`];
      }
    }));
    ctx.emit({ type: 'host-summary', host: host.name, values });
  }
}

/** PLAN_RUN_ID and PLAN_RUN_DIR stand for `run.id` and `run.dir` in dry runs, so two plans of the same cluster are the same. */
export const PLAN_RUN_ID = '<run.id>';
export const PLAN_RUN_DIR = '<run.dir>';

/** `run.id` and `run.dir` (a real run's own, or placeholders in a dry run: a plan names no run), and `run.runbook`, its name. */
function runVars(request: RunRequest): Record<string, string> {
  const runbook = request.runbook.name;
  return request.options.mode === 'check' ? { id: PLAN_RUN_ID, dir: PLAN_RUN_DIR, runbook } : { id: request.runId, dir: request.runDir, runbook };
}

/**
 * Runs a runbook over its hosts — for real, or as a dry run (`mode: 'check'`) that runs only
 * facts, controller-only modules and `check_mode: run` steps, and reports what the rest would do.
 * Both are the same walk; the events tell what happened, step by step, host by host.
 */
export async function executeRun(input: RunRequest): Promise<RunOutcome> {
  // nothing leaves the executor unmasked: views, journal and plans all get redacted events
  // values rendered from secrets join the registry as the run goes: the redactor masks what it holds at each event
  const secrets = startingSecrets(input);
  const redact = redactor(secrets);
  const request: RunRequest = { ...input, emit: (event) => input.emit(redact(event)) };
  const hosts = request.hosts.map((name) => new HostState(name, request.inventory.hostVars(name)));
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const signal = request.signal ?? new AbortController().signal;
  // every running step listens for an interrupt: as many listeners as forks
  const killSignal = request.killSignal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  setMaxListeners(0, killSignal);
  const sources = varsSources({ runbook: request.runbook, inventory: request.inventory, extraVars: request.extraVars,
    run: runVars(request), playHosts: request.hosts, secrets }, (name) => byName.get(name)?.facts);
  const ctx: RunContext = {
    runbook: request.runbook, runId: request.runId, runDir: request.runDir, options: request.options,
    hosts: new Map(hosts.map((h) => [h.name, h])), prompter: request.prompter, connect: request.connect, emit: request.emit,
    signal, killSignal, halted: undefined, isSuspended: false, started: request.options.startAtStep === undefined, diagnostics: [], resume: request.resume, keep: request.keep,
    secrets, sources, serials: resolveSerials(sources),
  };
  request.emit({ type: 'run-start', runId: request.runId, runbook: request.runbook.name, mode: request.options.mode, hosts: request.hosts, ...request.segment });
  await gatherFacts(request, hosts);
  const isRollbackOnly = request.resume !== undefined && request.isRollbackOnly === true;
  if (request.resume && isRollbackOnly) {
    await rollBackRun(ctx, hosts, request.resume);
  } else {
    summarise(ctx, hosts);
    if (request.resume) await takeOver(ctx, hosts, request.resume);
    const root: Frame = { stepVars: [], environment: [], tags: [], rollbackScope: 'host', scopeHosts: hosts,
      batchHosts: request.hosts, canRescue: false, anyErrorsFatal: false };
    await runSteps(ctx, request.runbook.steps, hosts, root);
    await runbookRollback(ctx, hosts, root);
  }
  const { recap, exitCode } = endOfRun(hosts, { isHalted: ctx.halted !== undefined, isInterrupted: signal.aborted, isRollbackOnly }, redact);
  request.emit({ type: 'run-end', runId: request.runId, recap, exitCode, ...(ctx.isSuspended ? { suspended: true } : {}) });
  // only facts that were gathered: a host that could not be reached must be tried again, not taken as known
  const gathered = hosts.filter((h) => !h.isFactsMissing);
  return { recap, exitCode, halted: ctx.halted === undefined ? undefined : maskText(ctx.halted, secrets), isSuspended: ctx.isSuspended,
    diagnostics: redact(ctx.diagnostics), facts: new Map(gathered.map((h) => [h.name, h.facts])), redact, maskText: (text) => maskText(text, secrets) };
}
