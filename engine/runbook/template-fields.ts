import { readFileSync } from 'node:fs';
import type { Diagnostic, SourceRef } from '../core/index.js';
import { controllerSource } from './controller-source.js';
import { MODULE_NAMES } from './types.js';
import type { WrittenRunbook, WrittenStep } from './written.js';

type Path = readonly (string | number)[];

/**
 * Checks a value as the engine will read it, text with `{{ }}` or a bare expression, before any host is known:
 * the template module's `checkTemplate`, handed in by the command that loads (runbook/ cannot import template/).
 * `quote`: what an error quotes instead of the text (a template file's name, not its whole text).
 */
export type TemplateChecker = (value: unknown, kind: 'template' | 'expression', at: SourceRef, quote?: string) => readonly Diagnostic[];

/** Step keys holding a bare expression (a string, or a list of them for `when`). */
const EXPRESSION_KEYS = ['when', 'until', 'changed_when', 'failed_when'] as const;

/** Step keys whose value is rendered as a template. */
const TEMPLATE_KEYS = ['vars', 'environment', 'delay', 'timeout', 'delegate_to', 'become', 'become_user', 'ignore_errors', 'serial'] as const;

/** Module arguments evaluated as bare expressions; every other argument is rendered as a template. */
const EXPRESSION_ARGS: Readonly<Record<string, readonly string[]>> = { assert: ['that'], wait_for: ['until'] };

function expressions(value: unknown, at: SourceRef, check: TemplateChecker): readonly Diagnostic[] {
  if (!Array.isArray(value)) return check(value, 'expression', at);
  return value.flatMap((v, i) => check(v, 'expression', { ...at, path: [...at.path, i] }));
}

/**
 * The file of a `template:` step whose `src` is written out, checked as the step's own templates are: a syntax error
 * or an unknown filter in it stops the run before anything changes, not halfway. `src` is looked up as the template
 * module does, from the runbook's folder. A file that cannot be read is left to the run: an earlier step may make it.
 */
function templateFile(args: unknown, at: SourceRef, check: TemplateChecker, runbookDir: string): readonly Diagnostic[] {
  const file = controllerSource(args, runbookDir);
  if (file === undefined) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return check(text, 'template', { ...at, path: [...at.path, 'src'] }, String((args as { src: string }).src));
}

function moduleArgs(module: string, args: unknown, at: SourceRef, check: TemplateChecker, runbookDir: string | undefined): readonly Diagnostic[] {
  if (module === 'template' && runbookDir !== undefined) return [...check(args, 'template', at), ...templateFile(args, at, check, runbookDir)];
  const bare = EXPRESSION_ARGS[module] ?? [];
  if (typeof args !== 'object' || args === null || Array.isArray(args) || !bare.length) return check(args, 'template', at);
  return Object.entries(args).flatMap(([key, value]) => {
    const inner = { ...at, path: [...at.path, key] };
    return bare.includes(key) ? expressions(value, inner, check) : check(value, 'template', inner);
  });
}

const EXPRESSION_KEY_SET: ReadonlySet<string> = new Set(EXPRESSION_KEYS);
const TEMPLATE_KEY_SET: ReadonlySet<string> = new Set(TEMPLATE_KEYS);
const MODULE_NAME_SET: ReadonlySet<string> = new Set(MODULE_NAMES);

/**
 * The template problems of one step's own keys (not of the steps it holds: they are checked as they are
 * normalised, each once): its expressions, its templated keys and its module's arguments, in the order written;
 * with `runbookDir`, the file a `template:` step renders too.
 */
export function checkStepTemplates(raw: WrittenStep, file: string, path: Path, check: TemplateChecker, runbookDir?: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  // one pass over the keys the step has, not one lookup per key it could have: validate checks thousands of steps
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const at = (): SourceRef => ({ file, path: [...path, key] });
    if (EXPRESSION_KEY_SET.has(key)) found.push(...expressions(value, at(), check));
    else if (TEMPLATE_KEY_SET.has(key)) found.push(...check(value, 'template', at()));
    else if (MODULE_NAME_SET.has(key)) found.push(...moduleArgs(key, value, at(), check, runbookDir));
  }
  return found;
}

/** The template problems of a runbook's own keys: its `vars` and `summary`. */
export function checkRunbookTemplates(written: WrittenRunbook, file: string, check: TemplateChecker): Diagnostic[] {
  return (['vars', 'summary'] as const).filter((k) => written[k] !== undefined)
    .flatMap((k) => check(written[k], 'template', { file, path: [k] }));
}
