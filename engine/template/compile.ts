import { RunbookCompiler, runtimeCall } from './compiler.js';
import { createEnvironment } from './environment.js';
import { memberLookup } from './members.js';
import { internals, type NjFrame, type NjNode, type RootRender } from './nunjucks-api.js';
import { defined, pyAdd, pyBool, pyCompare, pyIn, pyStr, TemplateFailure, Undefined } from './python.js';
import { readTagged } from './tagged-values.js';

/** Looks up a variable the template does not define itself (an Undefined when nobody does). */
export type Lookup = (name: string) => unknown;

const CONSTANTS: Readonly<Record<string, unknown>> = Object.assign(Object.create(null) as object, { True: true, False: false, None: null });
const SafeString = internals.runtime['SafeString'] as new () => object;

/** A macro's output or `| safe` (nunjucks' SafeString) as the plain string it stands for. */
function plain(value: unknown): unknown {
  return value instanceof SafeString ? String(value) : value;
}

const env = createEnvironment(plain);
const globals = (env as unknown as { globals: Readonly<Record<string, unknown>> }).globals;

/** The `context` compiled templates are run with: variables come from `lookup`, not a copied object. */
class RenderContext {
  readonly env = env;
  readonly ctx: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  captured: unknown = undefined;
  readonly #lookup: Lookup;

  constructor(lookup: Lookup) {
    this.#lookup = lookup;
  }

  lookup(name: string): unknown {
    if (Object.hasOwn(this.ctx, name)) return this.ctx[name];
    const value = this.#lookup(name);
    if (!(value instanceof Undefined)) return value;
    if (Object.hasOwn(CONSTANTS, name)) return CONSTANTS[name];
    return Object.hasOwn(globals, name) ? globals[name] : value;
  }

  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }

  getVariables(): Record<string, unknown> {
    return this.ctx;
  }

  addExport(): void {}
}

/** nunjucks' runtime with Jinja's (Python's) meaning for lookups, output, `in` and errors. */
const runtime = {
  ...internals.runtime,
  contextOrFrameLookup: (context: RenderContext, frame: NjFrame, name: string) => {
    const local = frame.lookup(name);
    return local !== undefined ? local : context.lookup(name);
  },
  memberLookup: (obj: unknown, key: unknown, name?: string) => readTagged(memberLookup(obj, key, name)),
  suppressValue: (value: unknown) => pyStr(plain(value)),
  inOperator: (item: unknown, container: unknown) => pyIn(item, container),
  fromIterator: (value: unknown) => (value === null ? [] : defined(value)),
  callWrap: (fn: unknown, name: string, context: RenderContext, args: unknown[]) => {
    if (typeof defined(fn) !== 'function') throw new TemplateFailure('type', `"${name}" is not a function`);
    return (fn as (...a: unknown[]) => unknown).apply(context, args);
  },
  handleError: (error: unknown) =>
    error instanceof TemplateFailure ? error : new TemplateFailure('type', error instanceof Error ? error.message : String(error), { cause: error }),
  pyBool,
  capture(this: RenderContext, value: unknown): string {
    this.captured = plain(value);
    return '';
  },
  pyCompare,
  pyAdd,
  pyStr: (value: unknown) => pyStr(plain(value)),
};

/** nunjucks' parser message without its internal function names, in words for a bare expression. */
function syntaxMessage(message: string, isExpression: boolean): string {
  const text = message.replace(/^.*\n\s*/s, '').replace(/^parse\w+: /, '');
  if (!isExpression) return text;
  if (/unexpected token: }}|got }}/.test(text)) return 'the expression ends too early';
  return text.replace('expected variable end', 'unexpected text after the expression');
}

/**
 * Parses a template; nunjucks' syntax errors become TemplateFailures naming the position. `trimBlocks`: the newline
 * after a block tag goes, as with Jinja2's trim_blocks (lstrip_blocks stays off, as in Ansible's template module).
 */
export function parseTemplate(source: string, options: { trimBlocks?: boolean; prefix?: number } = {}): NjNode {
  try {
    return internals.parser.parse(source, [], { trimBlocks: options.trimBlocks ?? false, lstripBlocks: false });
  } catch (error) {
    const { message, lineno, colno } = error as { message: string; lineno?: number; colno?: number };
    // nunjucks' parser positions are 1-based; `prefix` characters were added before the text
    const col = Math.max(1, (colno ?? 1) - (lineno === 1 ? options.prefix ?? 0 : 0));
    const text = syntaxMessage(message, (options.prefix ?? 0) > 0);
    const where = lineno === undefined || text.endsWith('too early') ? '' : ` at line ${lineno}, column ${col}`;
    throw new TemplateFailure('syntax', `syntax error: ${text}${where}`, { cause: error });
  }
}

/** The failure `x | name` (filter) or `x is name` (test) would meet at run time: undefined when the name is known. */
export function unknownCallable(kind: 'filter' | 'test', name: unknown): TemplateFailure | undefined {
  try {
    if (kind === 'filter') env.getFilter(String(name));
    else (env as unknown as { getTest(name: string): unknown }).getTest(String(name));
    return undefined;
  } catch (error) {
    if (error instanceof TemplateFailure) return error;
    throw error;
  }
}

const cache = new Map<string, RootRender>();
const CACHE_LIMIT = 2000;

/** nunjucks' generated code for a parse tree; what cannot be compiled is a syntax TemplateFailure. */
function generate(tree: NjNode): string {
  const compiler = new RunbookCompiler('template', false);
  try {
    compiler.compile(tree, null as unknown as NjFrame);
  } catch (error) {
    if (error instanceof TemplateFailure) throw error;
    throw new TemplateFailure('syntax', `syntax error: ${(error as Error).message.replace(/^.*\n\s*/s, '').replace(/^compile\w+: /, '')}`, { cause: error });
  }
  return compiler.getCode();
}

/** Compiles a parse tree (cached by `key`) into nunjucks' root render function. */
function compileTree(key: string, tree: () => NjNode): RootRender {
  const cached = cache.get(key);
  if (cached) return cached;
  const props = new Function(generate(tree()))() as { root: RootRender };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, props.root);
  return props.root;
}

/** Parses and compiles a template without running it (`prefix` as for parseTemplate); throws a TemplateFailure if it cannot run. */
export function compileOnly(source: string, prefix = 0): NjNode {
  const tree = parseTemplate(source, { prefix });
  generate(tree);
  return tree;
}

function run(root: RootRender, context: RenderContext): string {
  const frame = new internals.runtime.Frame() as NjFrame & { topLevel: boolean };
  frame.topLevel = true;
  let result: { error: unknown; output?: string } | undefined;
  root(env, context, frame, runtime, (error, output) => {
    result = { error, output };
  });
  if (!result) throw new TemplateFailure('type', 'the template did not finish synchronously');
  if (result.error) throw runtime.handleError(result.error);
  return result.output ?? '';
}

/** Renders a template to text. */
export function renderText(source: string, lookup: Lookup, options: { trimBlocks?: boolean } = {}): string {
  const root = compileTree(`t${options.trimBlocks ? 1 : 0}\0${source}`, () => parseTemplate(source, options));
  return run(root, new RenderContext(lookup));
}

/** The one expression of `{{ expr }}` if a template is exactly that, else undefined. */
export function soleExpression(tree: NjNode): NjNode | undefined {
  const children = tree['children'] as NjNode[];
  const output = children.length === 1 ? children[0] : undefined;
  const parts = output?.typename === 'Output' ? (output['children'] as NjNode[]) : [];
  return parts.length === 1 && parts[0]!.typename !== 'TemplateData' ? parts[0] : undefined;
}

/** Evaluates a template that is exactly one `{{ expr }}` to the expression's native value. */
export function evaluateSole(source: string, lookup: Lookup, prefix = 0): unknown {
  const root = compileTree(`e${prefix}\0${source}`, () => {
    const tree = parseTemplate(source, { prefix });
    const output = (tree['children'] as NjNode[])[0]!;
    const expr = soleExpression(tree);
    if (!expr) throw new TemplateFailure('syntax', 'syntax error: not a single expression');
    output['children'] = [runtimeCall('capture', expr)];
    return tree;
  });
  const context = new RenderContext(lookup);
  run(root, context);
  return context.captured;
}
