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

interface Internals {
  parser: { parse(src: string, extensions?: unknown[], lexerOptions?: object): NjNode };
  compiler: { Compiler: NjCompilerClass };
  nodes: Record<'FunCall' | 'Symbol' | 'NodeList' | 'Output', NjNodeClass>;
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
