import { defined, isMapping, pyStr, TemplateFailure, typeName, Undefined } from './python.js';

type Method = (self: never, ...args: unknown[]) => unknown;

const strip = (text: string, chars: unknown, start: boolean, end: boolean): string => {
  const set = new Set(chars === undefined || chars === null ? ' \t\n\r\f\v' : pyStr(chars));
  let [from, to] = [0, text.length];
  while (start && from < to && set.has(text[from]!)) from++;
  while (end && to > from && set.has(text[to - 1]!)) to--;
  return text.slice(from, to);
};

// Read-only Python methods runbooks call (`version.startswith('v')`, `d.get('k')`); none mutates data.
const STRING_METHODS: Record<string, Method> = {
  startswith: (s: string, p) => (Array.isArray(p) ? p : [p]).some((x) => s.startsWith(pyStr(x))),
  endswith: (s: string, p) => (Array.isArray(p) ? p : [p]).some((x) => s.endsWith(pyStr(x))),
  strip: (s: string, chars) => strip(s, chars, true, true),
  lstrip: (s: string, chars) => strip(s, chars, true, false),
  rstrip: (s: string, chars) => strip(s, chars, false, true),
  lower: (s: string) => s.toLowerCase(),
  upper: (s: string) => s.toUpperCase(),
  split: (s: string, sep) => (sep === undefined || sep === null ? s.trim().split(/\s+/).filter(Boolean) : s.split(pyStr(sep))),
  splitlines: (s: string) => s.split(/\r?\n/).filter((line, i, all) => i < all.length - 1 || line !== ''),
  replace: (s: string, from, to) => s.split(pyStr(from)).join(pyStr(to)),
  find: (s: string, sub) => s.indexOf(pyStr(sub)),
  isdigit: (s: string) => /^\d+$/.test(s),
};

const DICT_METHODS: Record<string, Method> = {
  keys: (d: Record<string, unknown>) => Object.keys(d),
  values: (d: Record<string, unknown>) => Object.values(d),
  items: (d: Record<string, unknown>) => Object.entries(d),
  get: (d: Record<string, unknown>, key, fallback = null) => (Object.hasOwn(d, pyStr(key)) ? d[pyStr(key)] : fallback),
};

const LIST_METHODS: Record<string, Method> = {
  index: (l: unknown[], item) => l.indexOf(item),
  count: (l: unknown[], item) => l.filter((x) => x === item).length,
};

/** Names that lead from a value to JavaScript's machinery: refused outright, even as own keys. */
const REFUSED = new Set(['__proto__', 'constructor', 'prototype']);

function methodOf(obj: unknown, key: string): Method | undefined {
  const table = typeof obj === 'string' ? STRING_METHODS : Array.isArray(obj) ? LIST_METHODS : isMapping(obj) ? DICT_METHODS : {};
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * `obj.key` and `obj[key]` as Jinja reads them: own keys only (no prototype, and `__proto__`,
 * `constructor` and `prototype` are refused, so no way out to `Function`), negative list
 * indices, a few Python methods, and an Undefined that names what is missing instead of
 * JavaScript's undefined. A function held by a dict (`cycler(…).next`) is bound to that dict.
 */
export function memberLookup(obj: unknown, key: unknown, name = 'value'): unknown {
  if (obj instanceof Undefined) return obj;
  if (obj === null || obj === undefined) {
    return new Undefined(`"${name}" is none, so it has no attribute "${String(key)}"`);
  }
  const container = defined(obj);
  if (Array.isArray(container) && typeof key === 'number') {
    const index = key < 0 ? container.length + key : key;
    if (index >= 0 && index < container.length) return container[index];
    return new Undefined(`"${name}" has no item ${key} (it has ${container.length})`);
  }
  const k = String(key);
  if (REFUSED.has(k)) {
    throw new TemplateFailure('type', `"${name}" has no attribute "${k}": templates cannot reach JavaScript's constructor, prototype or __proto__`);
  }
  if ((isMapping(container) || Array.isArray(container)) && Object.hasOwn(container, k)) {
    const value = (container as Record<string, unknown>)[k];
    return typeof value === 'function' ? (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(container, args) : value;
  }
  const method = methodOf(container, k);
  if (method) return (...args: unknown[]) => method(container as never, ...args.map((a) => defined(a)));
  return new Undefined(`"${name}" (a ${typeName(container)}) has no attribute "${k}"`);
}
