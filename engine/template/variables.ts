import { hasTemplateMark, type SourceRef } from '../core/index.js';
import { parseTemplate } from './compile.js';
import { TemplateFailure } from './python.js';
import { templatedExpression, toEngineError } from './render.js';
import type { NjNode } from './nunjucks-api.js';

const CONSTANTS = new Set(['True', 'False', 'None', 'true', 'false', 'none', 'loop']);

/** Whether a field of a parse tree node is itself a node. */
export function isNode(value: unknown): value is NjNode {
  return typeof value === 'object' && value !== null && 'typename' in value;
}

/** The nodes directly under a node, in field order. */
export function children(node: NjNode): NjNode[] {
  return node.fields.flatMap((field) => {
    const child = node[field];
    return Array.isArray(child) ? child.filter(isNode) : isNode(child) ? [child] : [];
  });
}

/** Names a template binds itself (`{% for x in … %}`, `{% set x = … %}`, macro arguments). */
function boundNames(node: NjNode, into: Set<string>): Set<string> {
  const bind = (target: unknown) => {
    if (isNode(target) && target.typename === 'Symbol') into.add(String(target.value));
    else if (isNode(target)) children(target).forEach(bind);
  };
  if (node.typename === 'For') bind(node['name']);
  if (node.typename === 'Set') (node['targets'] as unknown[]).forEach(bind);
  if (node.typename === 'Macro') bind(node['args']);
  children(node).forEach((child) => boundNames(child, into));
  return into;
}

/** Symbols read as variables: not filter or test names, keyword names, or called functions' names. */
function reads(node: NjNode, into: Set<string>): Set<string> {
  const skip = new Set<unknown>();
  if (node.typename === 'Filter' || node.typename === 'FunCall') skip.add(node['name']);
  if (node.typename === 'Is') {
    const test = node['right'];
    skip.add(test);
    if (isNode(test) && test.typename === 'FunCall') (test['args'] as NjNode | undefined) && reads(test['args'] as NjNode, into);
  }
  if (node.typename === 'Pair' && isNode(node['key']) && (node['key'] as NjNode).typename === 'Symbol') skip.add(node['key']);
  if (node.typename === 'Symbol') into.add(String(node.value));
  for (const child of children(node)) if (!skip.has(child)) reads(child, into);
  return into;
}

function parse(text: string, source: string, at: SourceRef, prefix = 0): NjNode {
  try {
    return parseTemplate(text, { prefix });
  } catch (error) {
    throw error instanceof TemplateFailure ? toEngineError(error, source, at) : error;
  }
}

function topLevelReads(tree: NjNode): string[] {
  const bound = boundNames(tree, new Set());
  return [...reads(tree, new Set())].filter((name) => !bound.has(name) && !CONSTANTS.has(name)).sort();
}

/**
 * The top-level variables a template reads (`{{ facts.x }}` reads `facts`), sorted: what a
 * plan shows as "decided at run time". A syntax error throws EngineError('invalid-input') at `at`.
 */
export function templateVariables(text: string, at: SourceRef): string[] {
  return hasTemplateMark(text) ? topLevelReads(parse(text, text, at)) : [];
}

/** The top-level variables a bare expression (`when`, `until`, …) reads, sorted. */
export function expressionVariables(expression: string, at: SourceRef): string[] {
  const templated = templatedExpression(expression, at);
  if (templated) throw templated;
  return topLevelReads(parse(`{{ ${expression} }}`, expression, at, 3));
}
