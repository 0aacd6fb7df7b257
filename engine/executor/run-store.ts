import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../core/index.js';
import { journalFile, journalWriter, readJournal, type JournalEntry, type JournalWriter } from './journal.js';
import { listRuns, runHistory, type RunHistory, type RunSummary } from './run-history.js';
import { acquireLeases, holderOf, isLive, type Actor, type Leases } from './run-lease.js';

/** A run id is one path component: letters, digits, `_`, `.` and `-`, not starting with a dot. */
const RUN_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/;

/** Refuses (exit 5) an id that is not one plain path component, so no id is joined into a path unchecked. */
export function checkRunId(id: string): string {
  if (!RUN_ID.test(id) || id.includes('..')) {
    throw new EngineError('usage', `"${id}" is not a run id: a run id is one name (letters, digits, _ . -), never a path`, {
      hint: 'list the runs of this folder with `runbook runs`' });
  }
  return id;
}

/** A folder only its owner can enter (0700), also when it exists already. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes a file only its owner can read (0600), whole or not at all (a temporary file, then a rename). */
export function writePrivate(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/** How a run was started, kept in run.json (0600): what `--resume` and `rollback` start from again. */
export interface RunRecord {
  /** The runbook file, relative to the project folder. */
  readonly runbook: string;
  /** Every command-line option of the first start; a resume uses these, not its own. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The `-e` values as the run used them (after parsing `@file`s and checking params). */
  readonly extraVars: Readonly<Record<string, unknown>>;
  /** Digests of the runbook (with its includes) and of the inventory. */
  readonly fingerprint: { readonly runbook: string; readonly inventory: string };
  /** Each `-e @file` and the digest of its content when the run started. */
  readonly inputFiles: readonly { readonly file: string; readonly digest: string }[];
  readonly startedBy: Actor;
}

/** The result a step registered (or set as facts) on a host, unmasked, by `host\tstep id`. */
export type KeptResults = ReadonlyMap<string, Record<string, unknown>>;

/**
 * `.runbook/` of a project folder: `runs/<id>/` (run.json, facts.json, journal.jsonl, registered.json,
 * fetched files) and `leases/`. Folders are 0700 and files 0600, those found too.
 */
export class RunStore {
  readonly root: string;

  constructor(projectDir: string) {
    this.root = join(projectDir, '.runbook');
  }

  get runsDir(): string {
    return join(this.root, 'runs');
  }

  get leasesDir(): string {
    return join(this.root, 'leases');
  }

  /** A new run's id (`YYYYMMDD-HHMMSS-<runbook>-<4 hex>`) and its folder, made private. */
  create(runbookName: string, now = new Date()): RunFolder {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const safeName = runbookName.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '');
    return new RunFolder(this, checkRunId(`${stamp}-${safeName}-${randomBytes(2).toString('hex')}`));
  }

  /** An existing run (its id checked first); refused (exit 5) when there is no such run. */
  open(id: string): RunFolder {
    const folder = new RunFolder(this, checkRunId(id));
    if (!existsSync(folder.dir)) throw new EngineError('usage', `no run "${id}" in .runbook/runs`, { hint: 'list them with `runbook runs`' });
    return folder;
  }

  /** Every run, oldest first, with `running` for those whose holder is alive. */
  list(): ReturnType<typeof listRuns> {
    return listRuns(this.runsDir, (id) => this.isRunning(id));
  }

  /** Whether a live controller holds the run's lease. */
  isRunning(id: string): boolean {
    const holder = holderOf(this.leasesDir, `run-${checkRunId(id)}`);
    return holder !== undefined && isLive(holder);
  }
}

/** One run's folder. */
export class RunFolder {
  readonly dir: string;

  constructor(readonly store: RunStore, readonly id: string) {
    this.dir = join(store.runsDir, id);
  }

  /** Makes `.runbook`, `runs` and the run's folder private (0700), and its files 0600. */
  ensure(): void {
    for (const dir of [this.store.root, this.store.runsDir, this.dir]) makePrivateDir(dir);
    for (const name of ['run.json', 'facts.json', 'journal.jsonl', 'registered.json']) {
      if (existsSync(join(this.dir, name))) chmodSync(join(this.dir, name), 0o600);
    }
  }

  writeRecord(record: RunRecord, facts: ReadonlyMap<string, Record<string, unknown>>): void {
    this.ensure();
    writePrivate(join(this.dir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
    writePrivate(join(this.dir, 'facts.json'), `${JSON.stringify(Object.fromEntries(facts), null, 2)}\n`);
  }

  /** run.json and facts.json; refused with the reason when either cannot be read. */
  readRecord(): { record: RunRecord; facts: Map<string, Record<string, unknown>> } {
    const read = (name: string): unknown => {
      const file = join(this.dir, name);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as unknown;
      } catch (error) {
        throw new EngineError('failed', `run ${this.id}: cannot read ${name}: ${(error as Error).message}`, {
          hint: 'a run started before this version, or a damaged run folder, cannot be resumed: start a new run' });
      }
    };
    const record = read('run.json') as RunRecord;
    if (typeof record.runbook !== 'string' || typeof record.options !== 'object' || typeof record.extraVars !== 'object') {
      throw new EngineError('failed', `run ${this.id}: run.json is not a run record (no runbook, options or extraVars)`);
    }
    return { record, facts: new Map(Object.entries(read('facts.json') as Record<string, Record<string, unknown>>)) };
  }

  /** The journal, appended to as events happen (0600). */
  journal(): JournalWriter {
    this.ensure();
    return journalWriter(this.dir);
  }

  events(): JournalEntry[] {
    if (!existsSync(journalFile(this.dir))) throw new EngineError('failed', `run ${this.id} has no journal (${journalFile(this.dir)})`);
    return readJournal(this.dir);
  }

  /**
   * Takes the leases of this run and of the hosts it touches (see `acquireLeases`); `lockBroken`
   * is what the run-start event records of a `--break-lock`.
   */
  lease(hosts: readonly string[], by: Actor, breakLock?: string): Leases & { lockBroken?: { reason: string; holders: string[] } } {
    makePrivateDir(this.store.root);
    makePrivateDir(this.store.leasesDir);
    const leases = acquireLeases(this.store.leasesDir, { runId: this.id, hosts, by, ...(breakLock === undefined ? {} : { breakLock }) });
    const broken = leases.takenFrom.filter((t) => t.isBroken);
    if (breakLock === undefined || !broken.length) return leases;
    return { ...leases, lockBroken: { reason: breakLock, holders: [...new Set(broken.map((t) => `${t.holder.runId} (pid ${t.holder.pid} on ${t.holder.controller})`))] } };
  }

  history(): RunHistory | undefined {
    return runHistory(this.dir, this.id);
  }

  /**
   * Keeps each registered result unmasked in registered.json (0600), written before the step-end
   * event, so that a resume gives later steps (and undo hooks) the real values, `no_log` ones too.
   */
  keeper(): (host: string, stepId: string, result: Record<string, unknown>) => void {
    this.ensure();
    const file = join(this.dir, 'registered.json');
    const kept: Record<string, Record<string, unknown>> = Object.fromEntries(this.kept());
    return (host, stepId, result) => {
      kept[`${host}\t${stepId}`] = result;
      writePrivate(file, JSON.stringify(kept));
    };
  }

  /** What `keeper` kept. */
  kept(): Map<string, Record<string, unknown>> {
    const file = join(this.dir, 'registered.json');
    if (!existsSync(file)) return new Map();
    return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>));
  }
}

export type { RunSummary };
