import { internals, type NjFrame, type NjNode } from './nunjucks-api.js';
import { TemplateFailure } from './python.js';

/*
 * The code emitted calls helpers of the runtime the templates run with (compile.ts):
 * runtime.pyBool, capture, pyCompare, pyAdd, pyStr and memberLookup.
 */

/** Tags that load other templates (no loader here) or need template inheritance or extensions. */
const REFUSED_TAGS: Readonly<Record<string, string>> = {
  Include: 'include', Import: 'import', FromImport: 'from … import', Extends: 'extends', Block: 'block', Super: 'super()',
  CallExtension: 'an extension tag', CallExtensionAsync: 'an extension tag',
};

/** A readable name for an expression node, for messages: `facts.cluster.version`. */
function nodeName(node: NjNode): string {
  if (node.typename === 'Symbol') return String(node.value);
  if (node.typename === 'LookupVal') {
    const key = node['val'] as NjNode;
    const target = nodeName(node['target'] as NjNode);
    if (key.typename !== 'Literal') return `${target}[…]`;
    return typeof key.value === 'number' ? `${target}[${key.value}]` : `${target}.${String(key.value)}`;
  }
  return 'value';
}

/**
 * A call of `runtime[helper]` on one expression. The helper is marked on the node, not named by
 * a variable, so no template can reach it by writing its name.
 */
export function runtimeCall(helper: 'pyBool' | 'capture', arg: NjNode): NjNode {
  const { FunCall, NodeList, Symbol: Sym } = internals.nodes;
  const name = new Sym(arg.lineno, arg.colno, helper);
  name['runtimeHelper'] = helper;
  return new FunCall(arg.lineno, arg.colno, name, new NodeList(arg.lineno, arg.colno, [arg]));
}

const Base = internals.compiler.Compiler;

/** nunjucks' compiler emitting Python semantics where JavaScript's would differ silently. */
export class RunbookCompiler extends Base {
  constructor(name: string, throwOnUndefined: boolean) {
    super(name, throwOnUndefined);
    for (const [type, tag] of Object.entries(REFUSED_TAGS)) {
      this[`compile${type}`] = (node: NjNode) => {
        throw new TemplateFailure('syntax', `syntax error: {% ${tag} %} is not supported: a template cannot load other templates or extend one, at line ${node.lineno + 1}`);
      };
    }
  }

  compileSymbol(node: NjNode, frame: NjFrame): void {
    const helper = node['runtimeHelper'];
    if (typeof helper === 'string') this._emit(`runtime.${helper}`);
    else (Base.prototype.compileSymbol as (this: NjCompilerLike, ...a: unknown[]) => void).call(this, node, frame);
  }

  compilePair(node: NjNode, frame: NjFrame): void {
    // a computed key defines an own property: `{"__proto__": x}` must not set the prototype
    const key = node['key'] as NjNode;
    if (key.typename !== 'Symbol' && !(key.typename === 'Literal' && typeof key.value === 'string')) {
      throw new TemplateFailure('syntax', `syntax error: dict keys must be strings or names, at line ${key.lineno + 1}`);
    }
    this._emit(`[${JSON.stringify(String(key.value))}]: `);
    this.compile(node['value'], frame);
  }

  compileNot(node: NjNode, frame: NjFrame): void {
    this.wrap('!runtime.pyBool(', [node['target']], ')', frame);
  }

  compileAnd(node: NjNode, frame: NjFrame): void {
    // Python's `and`/`or` return an operand, chosen by Python truthiness, and short-circuit
    this.wrap('((t) => runtime.pyBool(t) ? (', [node['right']], ') : t)(', frame, [node['left']], ')');
  }

  compileOr(node: NjNode, frame: NjFrame): void {
    this.wrap('((t) => runtime.pyBool(t) ? t : (', [node['right']], '))(', frame, [node['left']], ')');
  }

  compileInlineIf(node: NjNode, frame: NjFrame): void {
    const otherwise = node['else_'] ?? null;
    this.wrap('(runtime.pyBool(', [node['cond']], ') ? (', frame, [node['body']], ') : (');
    if (otherwise === null) this._emit('""');
    else this.compile(otherwise, frame);
    this._emit('))');
  }

  compileIf(node: NjNode, frame: NjFrame, async?: boolean): void {
    node['cond'] = runtimeCall('pyBool', node['cond'] as NjNode);
    (Base.prototype.compileIf as (this: NjCompilerLike, ...a: unknown[]) => void).call(this, node, frame, async);
  }

  compileCompare(node: NjNode, frame: NjFrame): void {
    this._emit('runtime.pyCompare(');
    this.compile(node['expr'], frame);
    for (const op of node['ops'] as NjNode[]) {
      this._emit(`, ${JSON.stringify(op['type'])}, `);
      this.compile(op['expr'], frame);
    }
    this._emit(')');
  }

  compileIs(node: NjNode, frame: NjFrame): void {
    // nunjucks emits a test's arguments without commas between them
    const test = node['right'] as NjNode;
    const name = test.typename === 'FunCall' ? (test['name'] as NjNode).value : test.value;
    const args = test.typename === 'FunCall' ? ((test['args'] as NjNode)['children'] as unknown[]) : [];
    this.wrap(`(env.getTest(${JSON.stringify(name)}).call(context, `, [node['left'], ...args], ') === true)', frame);
  }

  compileAdd(node: NjNode, frame: NjFrame): void {
    this.wrap('runtime.pyAdd(', [node['left'], node['right']], ')', frame);
  }

  compileConcat(node: NjNode, frame: NjFrame): void {
    this.wrap('(runtime.pyStr(', [node['left']], ') + runtime.pyStr(', frame, [node['right']], '))');
  }

  compileLookupVal(node: NjNode, frame: NjFrame): void {
    this.wrap('runtime.memberLookup(', [node['target'], node['val']], `, ${JSON.stringify(nodeName(node['target'] as NjNode))})`, frame);
  }

  /** Emits `open`, the nodes comma-separated, `middle`, then more nodes and `close` if given. */
  private wrap(open: string, first: unknown[], middle: string, frame: NjFrame, second: unknown[] = [], close = ''): void {
    this._emit(open);
    first.forEach((n, i) => {
      if (i > 0) this._emit(', ');
      this.compile(n, frame);
    });
    this._emit(middle);
    second.forEach((n) => this.compile(n, frame));
    this._emit(close);
  }
}

type NjCompilerLike = InstanceType<typeof Base>;
