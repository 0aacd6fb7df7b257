import { dirname } from 'node:path';
import { invalidInput, sortDiagnostics, suggest, toJsonPointer, type Diagnostic } from '../core/index.js';
import { validateWithSchema, type UnknownKeyReporter } from '../schema/index.js';
import { loadYamlFile, locate, type YamlSource } from '../source/index.js';
import { normaliseStep, type IncludeSite, type NormaliseContext } from './normalise-step.js';
import { MODULE_NAMES, type Param, type Runbook, type Step, type Task } from './types.js';
import type { WrittenRunbook, WrittenStep } from './written.js';
import { numberRollback, numberSteps } from './step-ids.js';
import { check as passesRunbookSchema, taskFile as passesTaskFileSchema } from './runbook-schema-check.js';
import { readVarsFiles } from './vars-files.js';
import { checkReleasesFile, isReleasesDataFile } from './releases-data.js';
import { checkRunbookTemplates, type TemplateChecker } from './template-fields.js';

/** How a runbook is loaded: with `checkTemplate`, every template and expression is checked too. */
export interface LoadOptions {
  readonly checkTemplate?: TemplateChecker;
}

type Shape = 'runbook' | 'task-file';

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
}

/** In a step, an unknown key with no module beside it is most likely a misspelled module. */
function unknownKeyReporter(root: unknown): UnknownKeyReporter {
  return (path, key, allowed) => {
    const isStep = allowed.includes('command');
    const holder = valueAt(root, path) as Record<string, unknown> | undefined;
    const hasKind = !!holder && ['steps', 'include', ...MODULE_NAMES].some((k) => k in holder);
    if (isStep && !hasKind) {
      const near = suggest(key, MODULE_NAMES);
      return { code: 'unknown-module', message: `unknown module "${key}"`,
        hint: near ? `did you mean "${near}"?` : `modules are: ${MODULE_NAMES.join(', ')}` };
    }
    const near = suggest(key, allowed);
    return { code: 'unknown-keyword', message: `unknown key "${key}"`,
      hint: near ? `did you mean "${near}"?` : `expected one of: ${allowed.join(', ')}` };
  };
}

class Loader {
  readonly diagnostics: Diagnostic[] = [];
  private readonly loading: string[] = [];
  /** Each included file's steps, by path, once read: 'not-found' when it is missing, undefined when it is no tasks file. */
  private readonly included = new Map<string, readonly Step[] | 'not-found' | undefined>();

  /** `entry`: the file loaded first, whose folder `template:` steps find their `src` in, wherever the step is written. */
  constructor(readonly options: LoadOptions, private readonly entry: string) {}

  /** Parses and schema-checks one file; undefined when it cannot be read as the expected shape. */
  read(file: string, expected: Shape | 'either'): { source: YamlSource; value: unknown; shape: Shape } | undefined {
    const source = loadYamlFile(file);
    if ('code' in source) {
      this.diagnostics.push(source);
      return undefined;
    }
    this.diagnostics.push(...source.diagnostics);
    if (source.diagnostics.some((d) => d.severity === 'error')) return undefined;
    const value = source.value;
    if (expected === 'either' && isReleasesDataFile(value)) {
      this.diagnostics.push(...checkReleasesFile(source, value));
      return undefined;
    }
    const shape = expected === 'either' ? (Array.isArray(value) ? 'task-file' : 'runbook') : expected;
    const wanted = shape === 'runbook' ? 'a mapping starting with "runbook:"' : 'a list of steps';
    const isMapping = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (value == null || (shape === 'runbook' ? !isMapping : !Array.isArray(value))) {
      const empty = value == null;
      this.diagnostics.push({ file, line: 1, col: 1, path: '', severity: 'error',
        code: empty ? 'empty-file' : 'wrong-type',
        message: empty ? `file is empty; expected ${wanted}` : `expected ${wanted} at the top of the file`,
        ...(shape === 'runbook' && Array.isArray(value) ? { hint: 'a list of steps is a tasks file: include it from a runbook' } : {}) });
      return undefined;
    }
    // the check compiled at build time answers yes or no; ajv is loaded only to say what is wrong
    const passes = shape === 'task-file' ? passesTaskFileSchema(value) : passesRunbookSchema(value);
    if (!passes) {
      this.diagnostics.push(...validateWithSchema(source, value, {
        schema: 'runbook', ...(shape === 'task-file' ? { definition: 'task_file' } : {}),
        onUnknownKey: unknownKeyReporter(value) }));
    }
    return { source, value, shape };
  }

  /** Normalises a list of steps, or a single one written in place of a list. */
  steps(source: YamlSource, raws: WrittenStep | readonly WrittenStep[], path: readonly (string | number)[]): Step[] {
    const ctx: NormaliseContext = { source, diagnostics: this.diagnostics, loadInclude: (f, from) => this.include(f, from),
      ...(this.options.checkTemplate ? { checkTemplate: this.options.checkTemplate, runbookDir: dirname(this.entry) } : {}) };
    if (!Array.isArray(raws)) return [normaliseStep(raws as WrittenStep, path, ctx) ?? []].flat();
    return raws.flatMap((raw, i) => normaliseStep(raw, [...path, i], ctx) ?? []);
  }

  /**
   * The steps of an included file. A file is read and checked once, however often it is included: its problems are
   * its own, so they are reported once; a missing file is reported at every include that names it.
   */
  include(file: string, from: IncludeSite): readonly Step[] | undefined {
    if (this.loading.includes(file)) {
      this.diagnostics.push({ ...from, code: 'include-not-found', severity: 'error',
        message: `include cycle: ${[...this.loading, file].join(' → ')}` });
      return undefined;
    }
    if (!this.included.has(file)) this.included.set(file, this.loadIncluded(file));
    const loaded = this.included.get(file);
    if (loaded === 'not-found') {
      this.diagnostics.push({ ...from, code: 'include-not-found', severity: 'error',
        message: `included file not found: ${file}`, hint: 'include paths are relative to the including file' });
      return undefined;
    }
    return loaded;
  }

  private loadIncluded(file: string): readonly Step[] | 'not-found' | undefined {
    this.loading.push(file);
    try {
      const read = this.read(file, 'task-file');
      if (read) return this.steps(read.source, read.value as WrittenStep[], []);
      const last = this.diagnostics.at(-1);
      if (last?.code !== 'file-not-found' || last.file !== file) return undefined;
      this.diagnostics.pop();
      return 'not-found';
    } finally {
      this.loading.pop();
    }
  }
}

function params(written: WrittenRunbook['params']): Record<string, Param> {
  return Object.fromEntries(Object.entries(written ?? {}).map(([name, p]) => [name, {
    type: (p.type ?? 'string') as Param['type'], required: p.required === true, default: p.default,
    description: p.description, choices: p.choices, isSecret: p.secret === true,
  }]));
}

function normaliseRunbook(loader: Loader, file: string, expected: Shape | 'either'): Runbook | undefined {
  const read = loader.read(file, expected);
  if (!read) return undefined;
  if (read.shape === 'task-file') {
    loader.steps(read.source, read.value as WrittenStep[], []);
    return undefined;
  }
  const written = read.value as WrittenRunbook;
  if (loader.options.checkTemplate) loader.diagnostics.push(...checkRunbookTemplates(written, file, loader.options.checkTemplate));
  const rollback = loader.steps(read.source, written.rollback ?? [], ['rollback']);
  for (const step of rollback.filter((s) => s.kind !== 'task')) {
    loader.diagnostics.push({ file, ...locate(read.source, step.at.path, 'key'), path: toJsonPointer(step.at.path), severity: 'error',
      code: 'step-kind', message: `the runbook's rollback runs tasks only, and this is ${step.kind === 'block' ? 'a block' : 'an include'}`,
      hint: 'list its tasks directly under rollback:' });
  }
  const varsFiles = readVarsFiles({ file, source: read.source }, written.vars_files ?? [], loader.diagnostics, loader.options.checkTemplate);
  return {
    file, name: written.runbook, description: written.description, hosts: written.hosts, varsFiles: varsFiles.files,
    params: params(written.params), vars: { ...(written.vars ?? {}), ...varsFiles.vars }, facts: written.facts ?? [], forks: written.forks, summary: written.summary ?? {},
    steps: numberSteps(loader.steps(read.source, written.steps ?? [], ['steps']), ''),
    rollback: numberRollback(rollback.filter((s): s is Task => s.kind === 'task')),
  };
}

/** Loads a runbook and everything it includes; throws an `invalid-input` EngineError listing every problem. */
export function loadRunbook(file: string, options: LoadOptions = {}): Runbook {
  const loader = new Loader(options, file);
  const runbook = normaliseRunbook(loader, file, 'runbook');
  const errors = loader.diagnostics.filter((d) => d.severity === 'error');
  if (!runbook || errors.length) throw invalidInput(sortDiagnostics(loader.diagnostics));
  return runbook;
}

/**
 * Every diagnostic for one file, a runbook or a tasks file (a top-level list of steps),
 * with what it includes. Never throws for a bad file.
 */
export function checkRunbookFile(file: string, options: LoadOptions = {}): Diagnostic[] {
  const loader = new Loader(options, file);
  normaliseRunbook(loader, file, 'either');
  return sortDiagnostics(loader.diagnostics);
}
