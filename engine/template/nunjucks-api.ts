import nunjucks from 'nunjucks';

/** The parts of nunjucks' parse tree we read or build: every node has a type name and a position. */
export interface NjNode {
  readonly typename: string;
  readonly lineno: number;
  readonly colno: number;
  readonly fields: readonly string[];
  value?: unknown;
  [field: string]: unknown;
}

export interface NjFrame {
  lookup(name: string): unknown;
}

type Emit = (this: NjCompiler, node: NjNode, frame: NjFrame) => void;

/** nunjucks' code generator: one `compile<TypeName>` method per node type. */
export interface NjCompiler {
  compile(node: unknown, frame: NjFrame): void;
  _emit(code: string): void;
  getCode(): string;
  [method: `compile${string}`]: Emit;
}

interface NjCompilerClass {
  new (name: string, throwOnUndefined: boolean): NjCompiler;
  prototype: NjCompiler;
}

interface NjNodeClass {
  new (lineno: number, colno: number, ...fields: unknown[]): NjNode;
}

/** What a compiled template exposes: the root render function and its blocks. */
export type RootRender = (
  env: unknown,
  context: object,
  frame: unknown,
  runtime: object,
  done: (error: unknown, output?: string) => void,
) => void;

interface NjToken {
  readonly type: string;
  readonly value: string;
  readonly lineno: number;
  readonly colno: number;
}

/** The parts of nunjucks' Parser that `x is test arg` needs. */
interface NjParser {
  parseCompare(): NjNode;
  parsePrimary(): NjNode;
  parsePostfix(node: NjNode): NjNode;
  skipSymbol(name: string): boolean;
  skipValue(type: string, value: string): boolean;
  expect(type: string): NjToken;
  peekToken(): NjToken | null;
  nextToken(): NjToken | null;
}

interface Internals {
  parser: { parse(src: string, extensions?: unknown[], lexerOptions?: object): NjNode; Parser: { prototype: NjParser & { parseIs(): NjNode } } };
  compiler: { Compiler: NjCompilerClass };
  nodes: Record<'FunCall' | 'Symbol' | 'NodeList' | 'Output' | 'Is' | 'Not', NjNodeClass>;
  runtime: Record<string, unknown> & { Frame: new () => NjFrame };
  lib: { TemplateError: new (message: string, lineno?: number, colno?: number) => Error };
}

/**
 * nunjucks' parser, compiler and runtime, which its typings leave out; they are part of its
 * exported module (index.js) and used by its own precompiler.
 */
export const internals = nunjucks as unknown as Internals;

export { nunjucks };

/**
 * nunjucks' runtime makes String.prototype the prototype of its SafeString (`Object.create(String.prototype)`).
 * V8 then holds String.prototype's properties as a dictionary, and every string method call in the process
 * (charCodeAt, slice, indexOf…) takes the slow path: js-yaml read runbooks 1.6 times slower once templates were
 * loaded. V8 makes an object's prototypes fast again when a property is looked up through the object from code
 * that keeps type feedback: a few lookups through a String object do it (test/template/string-prototype.test.ts).
 */
function makeStringPrototypeFastAgain(): void {
  const wrapper = new String('');
  const lookUp = (value: object) => (value as { absent?: unknown }).absent;
  for (let i = 0; i < 64; i++) lookUp(wrapper);
}

makeStringPrototypeFastAgain();

/** Tokens that may start the argument of a test written without parentheses, as in Jinja2's parser. */
const TEST_ARGUMENT_STARTS: ReadonlySet<string> = new Set(['symbol', 'string', 'int', 'float', 'boolean', 'none', 'left-paren', 'left-bracket', 'left-curly']);
/** Words that go on with the expression after a test instead (`x is defined and …`, `a if x is defined else b`). */
const NOT_A_TEST_ARGUMENT: ReadonlySet<string> = new Set(['and', 'or', 'else', 'if', 'in', 'not', 'is']);

/**
 * Jinja2 (and so Ansible) lets a test take one argument without parentheses: `n is gt 1`, `s is in ["a", "b"]`,
 * `v is version "1.0"`. nunjucks reads only `n is gt(1)` and refuses the rest as text after the expression. This is
 * nunjucks' parseIs with Jinja2's rule for the test: its name, then its arguments in parentheses, or one value that
 * may start an expression (not `and`, `or`, `else`…). `x is none` and `x is true` are read as nunjucks reads them.
 */
function readTestArgumentsAsJinja(): void {
  const { Parser } = internals.parser;
  const { FunCall, NodeList, Symbol: NameNode, Is, Not } = internals.nodes;
  Parser.prototype.parseIs = function parseIs(this: NjParser): NjNode {
    const left = this.parseCompare();
    if (!this.skipSymbol('is')) return left;
    const isNot = this.skipSymbol('not');
    const name = this.peekToken();
    let test: NjNode;
    if (name?.type !== 'symbol') {
      test = this.parseCompare();
    } else {
      this.nextToken();
      // a dotted name is one name: `x is ansible.builtin.version(…)`
      let testName = name.value;
      while (this.skipValue('operator', '.')) testName += `.${this.expect('symbol').value}`;
      test = new NameNode(name.lineno, name.colno, testName);
      const next = this.peekToken();
      if (next?.type === 'left-paren') {
        test = this.parsePostfix(test);
      } else if (next && TEST_ARGUMENT_STARTS.has(next.type) && !(next.type === 'symbol' && NOT_A_TEST_ARGUMENT.has(next.value))) {
        const argument = this.parsePrimary();
        test = new FunCall(name.lineno, name.colno, test, new NodeList(argument.lineno, argument.colno, [argument]));
      }
    }
    const node = new Is(left.lineno, left.colno, left, test);
    return isNot ? new Not(left.lineno, left.colno, node) : node;
  };
}

readTestArgumentsAsJinja();
