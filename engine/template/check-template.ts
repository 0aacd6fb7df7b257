import { hasTemplateMark, type Diagnostic, type SourceRef } from '../core/index.js';
import { UnsafeText, VaultedValue } from '../source/index.js';
import { compileOnly, unknownCallable } from './compile.js';
import { unknownName } from './environment.js';
import { FILTERS } from './filters.js';
import type { NjNode } from './nunjucks-api.js';
import { TemplateFailure } from './python.js';
import { templatedExpression, toEngineError } from './render.js';
import { TESTS } from './tests.js';
import { children } from './variables.js';

/** How a value is read: text with `{{ }}` in it, or a bare expression (`when`, `until`, `assert.that`, …). */
export type TemplateKind = 'template' | 'expression';


/** Filters that take a test or filter by name (`select('failed')`, `map('int')`): where the name is, and where looked up. */
const NAMED_BY_ARGUMENT: Readonly<Record<string, { kind: 'filter' | 'test'; index: number; table: Readonly<Record<string, unknown>> }>> = {
  select: { kind: 'test', index: 1, table: TESTS },
  reject: { kind: 'test', index: 1, table: TESTS },
  selectattr: { kind: 'test', index: 2, table: TESTS },
  rejectattr: { kind: 'test', index: 2, table: TESTS },
  map: { kind: 'filter', index: 1, table: FILTERS },
};

function stringArgument(node: NjNode, index: number): string | undefined {
  const arg = ((node['args'] as NjNode | undefined)?.['children'] as NjNode[] | undefined)?.[index];
  return arg?.typename === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

/** The filter and test names of a parse tree that nothing defines, as the failures they would be at run time. */
function unknownNames(node: NjNode, into: TemplateFailure[]): TemplateFailure[] {
  if (node.typename === 'Filter') {
    const name = String((node['name'] as NjNode).value);
    const failure = unknownCallable('filter', name);
    if (failure) into.push(failure);
    const by = Object.hasOwn(NAMED_BY_ARGUMENT, name) ? NAMED_BY_ARGUMENT[name] : undefined;
    const named = by && stringArgument(node, by.index);
    if (by && named !== undefined && !Object.hasOwn(by.table, named)) into.push(unknownName(by.kind, named, by.table));
  }
  if (node.typename === 'Is') {
    const right = node['right'] as NjNode;
    // `x is none` and `x is true` name their test with a literal
    const failure = unknownCallable('test', (right.typename === 'FunCall' ? (right['name'] as NjNode) : right).value);
    if (failure) into.push(failure);
  }
  for (const child of children(node)) unknownNames(child, into);
  return into;
}

const cache = new Map<string, readonly TemplateFailure[]>();

/** What stops a template or expression from running, whatever the variables: bad syntax, unknown filters and tests. */
function failuresOf(text: string, kind: TemplateKind): readonly TemplateFailure[] {
  const key = `${kind}\0${text}`;
  let failures = cache.get(key);
  if (!failures) {
    try {
      failures = unknownNames(kind === 'expression' ? compileOnly(`{{ ${text} }}`, 3) : compileOnly(text), []);
    } catch (error) {
      if (!(error instanceof TemplateFailure)) throw error;
      failures = [error];
    }
    if (cache.size >= 2000) cache.clear();
    cache.set(key, failures);
  }
  return failures;
}

function checkString(text: string, kind: TemplateKind, at: SourceRef, quote?: string): Diagnostic[] {
  if (kind === 'expression') {
    const templated = templatedExpression(text, at);
    if (templated) return [...templated.diagnostics];
  } else if (!hasTemplateMark(text)) {
    return [];
  }
  return failuresOf(text, kind).flatMap((failure) => toEngineError(failure, quote ?? text, at).diagnostics);
}

/**
 * Checks, without variables, what would stop a value from rendering on any host: a syntax error, an unknown filter
 * or test (with the nearest known name as the hint), a bare expression written as `{{ }}`. A template value is
 * checked in every string it holds, mapping keys too, each at its own path; a value that is not text passes.
 * `quote`, for text that is a whole file: what an error quotes instead of the text (the file's name).
 */
export function checkTemplate(value: unknown, kind: TemplateKind, at: SourceRef, quote?: string): Diagnostic[] {
  if (typeof value === 'string') return checkString(value, kind, at, quote);
  if (kind === 'expression' || value instanceof VaultedValue || value instanceof UnsafeText) return [];
  const inside = (key: string | number, v: unknown) => checkTemplate(v, kind, { ...at, path: [...at.path, key] });
  if (Array.isArray(value)) return value.flatMap((v, i) => inside(i, v));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...checkString(k, kind, { ...at, path: [...at.path, k], at: 'key' }), ...inside(k, v)]);
}
