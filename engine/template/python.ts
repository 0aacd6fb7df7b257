import { pyRepr } from '../source/index.js';

/**
 * Jinja2 is Python: these helpers give templates Python's meaning for truth, equality, ordering,
 * `+`, `in` and str(), where nunjucks would use JavaScript's.
 */

/** Why a template could not be rendered; turned into an EngineError by the public functions. */
export type FailureKind = 'undefined' | 'syntax' | 'recursion' | 'type';

/** An error raised while rendering, before it is given a source position. */
export class TemplateFailure extends Error {
  readonly kind: FailureKind;
  /** Variables being rendered when it happened, innermost last (`a` used `b` which failed). */
  readonly within: string[] = [];
  /** How to fix it, when the failure knows better than its kind's general advice. */
  readonly hint: string | undefined;

  constructor(kind: FailureKind, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TemplateFailure';
    this.kind = kind;
    this.hint = options.hint;
  }
}

/**
 * Jinja's StrictUndefined: what looking up a missing name or key gives. Only `is defined`,
 * `default` and chained lookups accept it; outputting, comparing, testing its truth or
 * iterating it raises the error it carries.
 */
export class Undefined {
  readonly #message: string;

  constructor(message: string) {
    this.#message = message;
  }

  get message(): string {
    return this.#message;
  }

  /** Raises the error this value stands for. */
  fail(): never {
    throw new TemplateFailure('undefined', this.#message);
  }

  [Symbol.toPrimitive](): never {
    return this.fail();
  }

  toString(): never {
    return this.fail();
  }

  toJSON(): never {
    return this.fail();
  }
}

/** The value itself, or the error it stands for if it is undefined. */
export function defined<T>(value: T): T {
  if (value instanceof Undefined) value.fail();
  return value;
}

/** Fails on a function (a method, `range`, a macro) used as a value instead of being called. */
export function notFunction<T>(value: T): T {
  if (typeof value === 'function') {
    throw new TemplateFailure('type', 'a function is not a value: call it, as in "version.startswith(\'v\')" or "range(3)"');
  }
  return value;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Undefined);
}

/** Python's name for the type of a value, for messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'string';
  return isMapping(value) ? 'dict' : typeof value;
}

/** Python truthiness: false, none, 0, "", [] and {} are false; an undefined value is an error. */
export function pyBool(value: unknown): boolean {
  defined(value);
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (isMapping(value)) return Object.keys(value).length > 0;
  return true;
}

/** JSON as Python's json.dumps writes it by default: `{"a": 1, "b": [1, 2]}`. */
export function toPyJson(value: unknown): string {
  notFunction(defined(value));
  if (Array.isArray(value)) return `[${value.map(toPyJson).join(', ')}]`;
  if (isMapping(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${toPyJson(v)}`).join(', ')}}`;
  }
  if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return 'null';
  return JSON.stringify(value);
}

/** JSON text with every character past ASCII escaped (`\u00e9`), as Python's json.dumps writes it (ensure_ascii). */
export function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A value as the copy module writes it as a file's `content`: text as it is; a list or a mapping as JSON, as
 * Ansible's copy writes it (json.dumps); any other value as Python prints it (`True`, `5`).
 */
export function contentText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) || isMapping(value)) return asciiJson(toPyJson(value));
  return pyStr(value);
}

/**
 * A value as text inside a larger string, as Ansible prints it: none is "" (Ansible's finalize), booleans are
 * True/False, lists and dicts as Python's repr (`['a', 1]`, `{'k': True}`).
 */
export function pyStr(value: unknown): string {
  notFunction(defined(value));
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object' || typeof value === 'number') return pyRepr(value);
  return String(value);
}

/** Python `==`: deep for lists and dicts, no coercion between strings and numbers. */
export function pyEqual(a: unknown, b: unknown): boolean {
  defined(a);
  defined(b);
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => pyEqual(x, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEqual(a[k], b[k]));
  }
  return a === b;
}

const ORDER: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

function order(a: unknown, b: unknown, op: string): number {
  const isNum = (x: unknown) => typeof x === 'number' || typeof x === 'boolean';
  if (isNum(a) && isNum(b)) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEqual(a[i], b[i])) return order(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  throw new TemplateFailure('type', `"${op}" cannot compare a ${typeName(a)} with a ${typeName(b)}`);
}

/** Python comparison operators, including chains (`a < b < c`). */
export function pyCompare(first: unknown, ...rest: unknown[]): boolean {
  let left = defined(first);
  for (let i = 0; i + 1 < rest.length; i += 2) {
    const op = String(rest[i]);
    const right = defined(rest[i + 1]);
    const equal = op === '==' || op === '===' ? pyEqual(left, right)
      : op === '!=' || op === '!==' ? !pyEqual(left, right)
        : ORDER[op]!(order(left, right, op));
    if (!equal) return false;
    left = right;
  }
  return true;
}

/** Python `+`: numbers add, strings and lists concatenate, anything else is an error. */
export function pyAdd(a: unknown, b: unknown): unknown {
  defined(a);
  defined(b);
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw new TemplateFailure('type', `cannot add a ${typeName(b)} to a ${typeName(a)}; use "~" to join as text`);
}

/** Python `in`: an item of a list, a substring, or a key of a dict. */
export function pyIn(item: unknown, container: unknown): boolean {
  defined(item);
  defined(container);
  if (Array.isArray(container)) return container.some((x) => pyEqual(x, item));
  if (typeof container === 'string' && typeof item === 'string') return container.includes(item);
  if (isMapping(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  throw new TemplateFailure('type', `"in" needs a list, a string or a dict, not a ${typeName(container)}`);
}
