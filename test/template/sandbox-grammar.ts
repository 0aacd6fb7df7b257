/**
 * A small generator of template expressions for the sandbox property test: every name on
 * JavaScript's built-in objects and prototypes, used as a variable, filter, test, attribute,
 * subscript and keyword, mixed with the payload shapes that once escaped (security.md, F1).
 */

/** mulberry32: a seeded PRNG, so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUILTINS: readonly object[] = [
  Object, Function, Array, String, Number, Boolean, RegExp, Promise, Map, Set, WeakMap, Symbol, Error, TypeError,
  Date, BigInt, JSON, Math, Reflect, globalThis, Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async () => {}),
];

// Names of the engine's and nunjucks' own objects a payload would aim for
const INTERNALS = [
  'env', 'ctx', 'lookup', 'captured', 'opts', 'globals', 'filters', 'tests', 'getFilter', 'getTest', 'addFilter',
  'addGlobal', 'loaders', 'getTemplate', 'process', 'require', 'module', 'mainModule', 'getBuiltinModule',
  'child_process', 'execSync', '__keywords', '__bool', '__capture', 'range', 'cycler', 'joiner', 'caller', 'loop',
  'self', 'runtime', 'frame', 'context', 'setVariable', 'getVariables', 'addExport', 'val', 'Function',
];

/** Variables the test scope defines, so that expressions also reach real values. */
export const SCOPE_NAMES = ['s', 'n', 'l', 'd', 'label'];

// Real filter, test and method names, so that generated expressions also get past the first name
const REAL_NAMES = [
  'default', 'map', 'select', 'selectattr', 'first', 'list', 'string', 'join', 'dict2items', 'items2dict', 'combine',
  'sum', 'groupby', 'dictsort', 'dump', 'safe', 'attr', 'extract', 'sort', 'defined', 'none', 'version', 'in',
  'mapping', 'callable', 'get', 'items', 'keys', 'startswith', 'split', 'range', 'cycler', 'joiner', 'next',
];

/** Every own property name of the built-ins and their prototypes, plus the internals above. */
export const NAMES: readonly string[] = [...new Set([
  ...BUILTINS.flatMap((b) => [
    ...Object.getOwnPropertyNames(b),
    ...('prototype' in b && b.prototype ? Object.getOwnPropertyNames(b.prototype) : []),
  ]),
  ...INTERNALS, ...SCOPE_NAMES,
])].filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)).sort();

/** JavaScript a payload tries to run: it sets the canary global and writes the canary file. */
export function payloadCode(canaryGlobal: string, canaryFile: string): string {
  return `globalThis.${canaryGlobal} = 1; process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(canaryFile)}, 'x'); return 'x'`;
}

/** The payloads of security.md F1 and the classic nunjucks escapes, `CODE` standing for the JavaScript. */
export const PAYLOADS = [
  '{{ "ctx" | __defineGetter__(joiner) }}{{ constructor(CODE)() }}',
  '{{ 1 | valueOf }}', '{{ (1|valueOf).env.opts }}', '{{ (1|valueOf).env.globals }}',
  '{{ ("__proto__" | __lookupGetter__)().constructor }}',
  '{{ ("__proto__" | __lookupGetter__)().constructor.constructor(CODE)() }}',
  '{{ 1 | constructor }}', '{{ (1 | valueOf).constructor.constructor(CODE)() }}', '{{ 1 is constructor }}',
  '{{ range.constructor(CODE)() }}', '{{ "".constructor.constructor(CODE)() }}', '{{ cycler.constructor(CODE)() }}',
  '{{ joiner().constructor(CODE)() }}', '{{ [].constructor.constructor(CODE)() }}', '{{ __proto__ }}',
  '{{ l | map(attribute="constructor") | first }}', '{{ l | map("constructor") }}', '{{ l | select("constructor") }}',
  '{{ l | sum(attribute="constructor") }}', '{{ l | groupby("constructor") }}', '{{ l | selectattr("constructor") }}',
  '{{ {"__proto__": range}.constructor(CODE)() }}', '{{ d["__proto__"]["constructor"]["constructor"](CODE)() }}',
  '{{ s.startswith }}', '{{ range }}', '{{ joiner() }}', '{{ cycler(1).next }}', '{{ __capture }}',
  '{% macro m() %}x{% endmacro %}{{ m }}', '{% include "x" %}', '{% import "x" as y %}{{ y }}',
  '{% set x = 1 | valueOf %}{{ x.env }}', '{{ "1" is version("1", "constructor") }}', '{{ "1" is version("1", "__proto__") }}',
  '{{ "abc" | replace("a", joiner) }}', '{{ l | groupby(range) }}', '{{ label }}',
];

/** Expressions from the template grammar, depth-bounded, drawn with `random`. */
export class ExpressionGenerator {
  readonly #random: () => number;
  readonly #code: string;

  constructor(random: () => number, code: string) {
    this.#random = random;
    this.#code = code;
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)]!;
  }

  #name(): string {
    const r = this.#random();
    return r < 0.15 ? this.#pick(SCOPE_NAMES) : r < 0.4 ? this.#pick(REAL_NAMES) : this.#pick(NAMES);
  }

  #args(depth: number): string {
    const args = Array.from({ length: Math.floor(this.#random() * 3) }, () => this.expression(depth - 1));
    if (this.#random() < 0.2) args.push(`${this.#name()}=${this.expression(depth - 1)}`);
    return args.join(', ');
  }

  #atom(): string {
    return this.#pick([
      () => this.#name(), () => JSON.stringify(this.#name()), () => JSON.stringify(this.#code), () => String(this.#random() * 10 | 0),
      () => '[]', () => `{${JSON.stringify(this.#name())}: ${this.#name()}}`, () => '{"__proto__": range}',
    ])();
  }

  /** One expression, at most `depth` levels deep. */
  expression(depth = 3): string {
    if (depth <= 0) return this.#atom();
    const e = () => this.expression(depth - 1);
    return this.#pick([
      () => this.#atom(), () => `${e()}.${this.#name()}`, () => `${e()}[${JSON.stringify(this.#name())}]`, () => `${e()}[${e()}]`,
      () => `${e()}(${this.#args(depth)})`, () => `${this.#name()}(${this.#args(depth)})`,
      () => `(${e()} | ${this.#name()})`, () => `(${e()} | ${this.#name()}(${this.#args(depth)}))`,
      () => `(${e()} is ${this.#name()})`, () => `(${e()} is ${this.#name()}(${this.#args(depth)}))`,
      () => `(${e()} ~ ${e()})`, () => `[${e()}, ${e()}]`, () => `(${e()} if ${e()} else ${e()})`,
    ])();
  }

  /** A template around one or two expressions: output, set, for, if, or a payload shape. */
  template(): string {
    const e = () => this.expression();
    return this.#pick([
      () => `{{ ${e()} }}`, () => `{{ ${e()} }}{{ ${e()} }}`, () => `{% set v = ${e()} %}{{ v }}`,
      () => `{% for x in ${e()} %}{{ x }}{% endfor %}`, () => `{% if ${e()} %}y{% endif %}`,
      () => this.#pick(PAYLOADS).replaceAll('CODE', JSON.stringify(this.#code)),
    ])();
  }
}
