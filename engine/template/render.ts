import { EngineError, hasTemplateMark, suggest, toJsonPointer, type SourceRef } from '../core/index.js';
import { spanOf, UnsafeText, VaultedValue } from '../source/index.js';
import { evaluateSole, parseTemplate, renderText as renderTemplateText, soleExpression, type Lookup } from './compile.js';
import { defined, isMapping, notFunction, pyBool, pyStr, TemplateFailure, Undefined, type FailureKind } from './python.js';
import type { Scope } from './scope.js';
import { readTagged } from './tagged-values.js';

const HINTS: Record<FailureKind, string> = {
  undefined: 'define it (runbook vars, the inventory, or -e name=value), or guard it: "x | default(...)", "x is defined"',
  syntax: 'check the Jinja2 syntax: {{ expression }}, {% statement %}, filters after "|", strings in quotes',
  recursion: 'a variable cannot be defined in terms of itself: give the derived value a name of its own',
  type: 'check the type of the values used here (a filter such as "| int", "| string" or "| bool" converts)',
};


function lookupIn(scope: Scope): Lookup {
  return (name) => (scope.has(name) ? readTagged(scope.resolve(name, renderDeep)) : new Undefined(`undefined variable "${name}"`));
}

/** Fails on an undefined value or a function anywhere inside a result (`[x, 1]` with x undefined). */
function checkDefined(value: unknown): unknown {
  notFunction(defined(value));
  if (Array.isArray(value)) value.forEach(checkDefined);
  else if (isMapping(value)) Object.values(value).forEach(checkDefined);
  return value;
}

const isSoleCache = new Map<string, boolean>();

function isSole(text: string): boolean {
  let sole = isSoleCache.get(text);
  if (sole === undefined) {
    sole = soleExpression(parseTemplate(text)) !== undefined;
    if (isSoleCache.size >= 2000) isSoleCache.clear();
    isSoleCache.set(text, sole);
  }
  return sole;
}

function renderString(text: string, scope: Scope): unknown {
  if (!hasTemplateMark(text)) return text;
  const lookup = lookupIn(scope);
  if (!isSole(text)) return renderTemplateText(text, lookup);
  const before = scope.secretReads;
  const value = checkDefined(evaluateSole(text, lookup));
  // a value that is one expression over a secret (`{{ token | lower }}`) is secret as a whole
  if (scope.secretReads > before) scope.watch?.addSecret(value);
  return value;
}

function renderDeep(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return renderString(value, scope);
  // a vaulted value is decrypted, not rendered (as in Ansible); an unsafe one is never rendered
  if (value instanceof VaultedValue || value instanceof UnsafeText) return readTagged(value);
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, scope));
  if (isMapping(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pyStr(renderString(k, scope)), renderDeep(v, scope)]));
  }
  return value;
}

/** A rendering failure as the engine's error, pointing at `at`; the scope (if any) suggests names. */
export function toEngineError(failure: TemplateFailure, source: string, at: SourceRef, scope?: Scope): EngineError {
  const within = failure.within.length ? ` (while rendering variable ${failure.within.map((n) => `"${n}"`).join(' → ')})` : '';
  const message = `${failure.message} in ${JSON.stringify(source)}${within}`;
  const missing = failure.kind === 'undefined' ? /^undefined variable "([^"]+)"/.exec(failure.message)?.[1] : undefined;
  const near = missing === undefined || missing.length < 3 ? undefined : suggest(missing, scope?.names() ?? []);
  const hint = near ? `did you mean "${near}"?` : failure.hint ?? HINTS[failure.kind];
  const diagnostic = { ...spanOf(at), code: 'bad-value' as const, severity: 'error' as const, message, hint, path: toJsonPointer(at.path) };
  return new EngineError('invalid-input', message, { hint, diagnostics: [diagnostic], cause: failure });
}

/** `source` is what the error quotes: text, or a function giving it (made only when there is an error). */
function guarded<T>(source: string | (() => string), scope: Scope, at: SourceRef, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof TemplateFailure) throw toEngineError(error, typeof source === 'string' ? source : source(), at, scope);
    throw error;
  }
}

/**
 * Renders every string inside a value (a module's arguments), keys included. A string that
 * is exactly one `{{ expr }}` gives the expression's native value (a list stays a list);
 * other strings give strings. Throws EngineError('invalid-input') pointing at `at`.
 */
export function renderValue(value: unknown, scope: Scope, at: SourceRef): unknown {
  // rendering makes a copy and leaves `value` as it was: its JSON, for the error, is made only on an error
  return guarded(typeof value === 'string' ? value : () => JSON.stringify(value) ?? '', scope, at, () => renderDeep(value, scope));
}

/**
 * Renders a text template (the `template` module's file) to a string, always text: a file that is one `{{ list }}`
 * gives `[1, 2]`, as Jinja2 prints it. `trimBlocks` strips the newline after a block tag, as Ansible's template module
 * does. `quote`: what an error quotes instead of the text (the file's name).
 */
export function renderText(text: string, scope: Scope, at: SourceRef, options: { trimBlocks?: boolean; quote?: string } = {}): string {
  return guarded(options.quote ?? text, scope, at, () => renderTemplateText(text, lookupIn(scope), options));
}

/**
 * The error for a bare expression written as a template (`when: "{{ x }}"`, an Ansible habit),
 * naming the key and the fix; undefined when the expression holds no `{{`, `{%` or `{#`.
 */
export function templatedExpression(expression: string, at: SourceRef): EngineError | undefined {
  if (!hasTemplateMark(expression)) return undefined;
  const key = [...at.path].reverse().find((part) => typeof part === 'string') ?? 'this field';
  const inner = /^\s*\{\{(.*)\}\}\s*$/s.exec(expression)?.[1]?.trim();
  const example = inner && !/\{[{%#]|[}%#]\}/.test(inner) ? `, as in ${key}: ${inner}` : '';
  const failure = new TemplateFailure('syntax', `${key} takes a bare expression, which is already Jinja2, not a template with {{ }}`,
    { hint: `${key} takes a bare expression: drop the {{ }}${example}` });
  return toEngineError(failure, expression, at);
}

/**
 * Evaluates a bare expression (`when`, `until`, `changed_when`, `failed_when`, `assert.that`)
 * to its native value. A boolean or number written in YAML (`when: false`) is its own value.
 */
export function evaluate(expression: string | boolean | number | null, scope: Scope, at: SourceRef): unknown {
  if (typeof expression !== 'string') return expression;
  const templated = templatedExpression(expression, at);
  if (templated) throw templated;
  return guarded(expression, scope, at, () => {
    return checkDefined(evaluateSole(`{{ ${expression} }}`, lookupIn(scope), 3));
  });
}

/** Jinja's (Python's) truthiness: false, none, 0, "", [] and {} are false; everything else true ("no" too). */
export function isTrue(value: unknown): boolean {
  return pyBool(value);
}
