import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { localConnection, type Connection } from '../../engine/connection/index.js';
import { executeRun, type RunEvent, type RunOptions, type RunOutcome } from '../../engine/executor/index.js';
import { loadInventory } from '../../engine/inventory/index.js';
import type { Prompter } from '../../engine/modules/index.js';
import { loadRunbook } from '../../engine/runbook/index.js';
import { tempDir, writeFiles } from './files.js';

/** A finished run, with every event it reported, in order. */
export interface TestRun extends RunOutcome {
  readonly events: readonly RunEvent[];
  readonly dir: string;
  /** The home folder of a host: its files. */
  home(host: string): string;
}

export interface TestRunOptions {
  readonly hosts?: number;
  readonly mode?: RunOptions['mode'];
  readonly extraVars?: Record<string, unknown>;
  readonly options?: Partial<RunOptions>;
  readonly files?: Record<string, string>;
  readonly dir?: string;
  readonly connect?: (host: string, real: Connection) => Connection;
  /** Who answers pause, confirm and approve (default: nobody: no terminal, no --yes). */
  readonly prompter?: Prompter;
}

/**
 * Runs a runbook (YAML text; `hosts: all`) on `hosts` local test hosts h1…hN, each with its own
 * home folder, over the real local connection; returns the events and the outcome.
 */
export async function runOnLocalHosts(runbookYaml: string, options: TestRunOptions = {}): Promise<TestRun> {
  const dir = options.dir ?? tempDir();
  const names = Array.from({ length: options.hosts ?? 3 }, (_, i) => `h${i + 1}`);
  const inventory = ['all:', '  vars:', '    ansible_connection: local', '  hosts:', ...names.map((n) => `    ${n}: { runbook_home: ${join(dir, n)} }`)].join('\n');
  writeFiles(dir, { 'runbook.yml': runbookYaml, 'inventory.yml': `${inventory}\n`, ...options.files });
  for (const name of names) mkdirSync(join(dir, name), { recursive: true });
  const events: RunEvent[] = [];
  const outcome = await executeRun({
    runbook: loadRunbook(join(dir, 'runbook.yml')), inventory: loadInventory([join(dir, 'inventory.yml')]), hosts: names,
    extraVars: options.extraVars ?? {}, runId: 'test-run', runDir: join(dir, 'run'),
    options: { mode: 'run', forks: 50, noRollback: false, tags: [], skipTags: [], startAtStep: undefined, ...options.options, ...(options.mode ? { mode: options.mode } : {}) },
    connect: (host) => {
      const real = localConnection(host, { home: join(dir, host) });
      return options.connect ? options.connect(host, real) : real;
    },
    prompter: options.prompter ?? { canAsk: false, assumeYes: false, ask: async () => '' },
    emit: (event) => events.push(event),
  });
  return { ...outcome, events, dir, home: (host) => join(dir, host) };
}

/** The step-end events, as `host id status` strings, in order. */
export function stepEnds(events: readonly RunEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'step-end' ? [`${e.host} ${e.id} ${e.status}`] : []));
}
