import { parseJsonValues, shellQuote as quoteWord } from '../core/index.js';
import { asciiJson, defined, isMapping, pyBool, pyCompare, pyEqual, pyStr, TemplateFailure, toPyJson, typeName, Undefined } from './python.js';
import { regexFindall, regexReplace, regexSearch } from './regex.js';
import { upgradeRoute } from './route-filter.js';
import { TESTS } from './tests.js';

/** A filter as nunjucks calls it: the value, then positional arguments, then maybe keywords. */
export type Filter = (value: unknown, ...args: unknown[]) => unknown;

/** Arguments split as Python sees them. */
export interface Args {
  readonly positional: unknown[];
  readonly keywords: Record<string, unknown>;
}

/** Separates the keyword arguments nunjucks appends (an object marked `__keywords`). */
export function splitArgs(args: readonly unknown[]): Args {
  const last = args.at(-1);
  if (!isMapping(last) || last['__keywords'] !== true) return { positional: [...args], keywords: {} };
  const { __keywords: _marker, ...keywords } = last;
  return { positional: args.slice(0, -1), keywords };
}

function arg(args: Args, index: number, name: string, fallback: unknown): unknown {
  if (Object.hasOwn(args.keywords, name)) return args.keywords[name];
  return index < args.positional.length ? args.positional[index] : fallback;
}

function items(value: unknown, filter: string): unknown[] {
  defined(value);
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isMapping(value)) return Object.keys(value);
  throw new TemplateFailure('type', `${filter} needs a list, not a ${typeName(value)}`);
}

/** `a.b.0` inside an item, as Jinja's attribute= arguments read it. */
function attribute(item: unknown, path: unknown): unknown {
  let value = item;
  for (const key of String(path).split('.')) {
    const container: unknown = defined(value);
    const index = Array.isArray(container) && /^\d+$/.test(key) ? Number(key) : key;
    value = (isMapping(container) || Array.isArray(container)) && Object.hasOwn(container, index)
      ? (container as Record<string | number, unknown>)[index]
      : new Undefined(`${typeName(container)} has no attribute "${String(path)}"`);
  }
  return value;
}

/** The `quote` filter: a value's text, POSIX shell-quoted as Python's shlex.quote does. */
export function shellQuote(value: unknown): string {
  return quoteWord(pyStr(value));
}

function toInt(value: unknown, ...rest: unknown[]): number {
  const args = splitArgs(rest);
  const fallback = arg(args, 0, 'default', 0);
  const base = Number(arg(args, 1, 'base', 10));
  defined(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Math.trunc(value);
  const text = String(value).trim().replace(/_/g, '');
  const digits = base === 16 ? /^[+-]?(0x)?[0-9a-f]+$/i : base === 8 ? /^[+-]?(0o)?[0-7]+$/i : base === 2 ? /^[+-]?(0b)?[01]+$/i : /^[+-]?\d+$/;
  if (digits.test(text)) return parseInt(text.replace(/^([+-]?)0[xob]/i, '$1'), base);
  const float = Number(text);
  return base === 10 && text !== '' && Number.isFinite(float) ? Math.trunc(float) : Number(fallback);
}

/** Ansible's bool filter: yes/on/1/true (any case) are true, other strings false; booleans and none as they are. */
function toBool(value: unknown): boolean | null {
  defined(value);
  if (value === null || typeof value === 'boolean') return value;
  return ['yes', 'on', '1', 'true'].includes(String(value).toLowerCase());
}

function sortKey(args: Args): (x: unknown, y: unknown) => number {
  const caseSensitive = pyBool(arg(args, 1, 'case_sensitive', false));
  const attr = arg(args, 2, 'attribute', null);
  const key = (x: unknown) => {
    const v = attr === null ? x : defined(attribute(x, attr));
    return typeof v === 'string' && !caseSensitive ? v.toLowerCase() : v;
  };
  return (x, y) => (pyCompare(key(x), '<', key(y)) ? -1 : pyCompare(key(y), '<', key(x)) ? 1 : 0);
}

function selectWith(keep: boolean, byAttribute: boolean): Filter {
  return (value, ...rest) => {
    const { positional, keywords } = splitArgs(rest);
    const attr = byAttribute ? positional.shift() : undefined;
    const testName = positional.shift();
    return items(value, 'select').filter((item) => {
      const subject = byAttribute ? attribute(item, attr) : item;
      if (testName === undefined) return pyBool(subject) === keep;
      const test = Object.hasOwn(TESTS, String(testName)) ? TESTS[String(testName)] : undefined;
      if (!test) throw new TemplateFailure('type', `no test named "${String(testName)}"`);
      const extra = Object.keys(keywords).length ? [...positional, { ...keywords, __keywords: true }] : positional;
      return test(subject, ...extra) === keep;
    });
  };
}

function mapItems(value: unknown, ...rest: unknown[]): unknown[] {
  const { positional, keywords } = splitArgs(rest);
  if (Object.hasOwn(keywords, 'attribute')) {
    return items(value, 'map').map((item) => {
      const v = attribute(item, keywords['attribute']);
      return v instanceof Undefined && Object.hasOwn(keywords, 'default') ? keywords['default'] : v;
    });
  }
  const [name, ...extra] = positional;
  const filter = Object.hasOwn(FILTERS, String(name)) ? FILTERS[String(name)] : undefined;
  if (!filter) throw new TemplateFailure('type', `map: no filter named "${String(name)}"`);
  return items(value, 'map').map((item) => filter(item, ...extra));
}

/** Ansible's extract: `'h1' | extract(hostvars)` is hostvars['h1']; more keys go deeper. */
function extract(key: unknown, container: unknown, morekeys?: unknown): unknown {
  const lookup = (from: unknown, k: unknown): unknown => {
    const c = defined(from);
    const index = Array.isArray(c) && typeof k === 'number' ? k : String(k);
    return (isMapping(c) || Array.isArray(c)) && Object.hasOwn(c, index)
      ? (c as Record<string | number, unknown>)[index]
      : new Undefined(`${typeName(c)} has no key "${String(k)}"`);
  };
  const rest = morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys];
  return rest.reduce<unknown>((value, k) => lookup(value, k), lookup(container, defined(key)));
}

function length(value: unknown): number {
  defined(value);
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (isMapping(value)) return Object.keys(value).length;
  throw new TemplateFailure('type', `length needs a string, a list or a dict, not a ${typeName(value)}`);
}

function fromJson(value: unknown): unknown {
  try {
    return JSON.parse(String(defined(value)));
  } catch (error) {
    throw new TemplateFailure('type', `from_json: ${(error as Error).message}`, { cause: error });
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isMapping(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

function withDefault(value: unknown, ...rest: unknown[]): unknown {
  const args = splitArgs(rest);
  const fallback = arg(args, 0, 'default_value', '');
  const isBoolean = pyBool(arg(args, 1, 'boolean', false));
  if (value instanceof Undefined || value === undefined) return fallback;
  return isBoolean && !pyBool(value) ? fallback : value;
}

function regexOptions(args: Args) {
  return { ignorecase: args.keywords['ignorecase'], multiline: args.keywords['multiline'] };
}

function pathBase(value: unknown): string {
  const path = pyStr(value);
  return path.slice(path.lastIndexOf('/') + 1);
}

function pathDir(value: unknown): string {
  const path = pyStr(value);
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

/** The filters runbooks use, with Ansible's names and meaning. */
export const FILTERS: Record<string, Filter> = {
  default: withDefault,
  d: withDefault,
  mandatory: (value) => defined(value),
  bool: toBool,
  int: toInt,
  float: (value, fallback = 0) => (Number.isFinite(Number(defined(value))) && value !== '' ? Number(value) : fallback),
  string: pyStr,
  quote: shellQuote,
  // as Ansible's, through json.dumps: characters past ASCII escaped
  to_json: (value) => asciiJson(toPyJson(value)),
  to_nice_json: (value) => asciiJson(JSON.stringify(sortKeys(defined(value)), null, 4)),
  from_json: fromJson,
  // ours: a CID as IPFS Cluster writes it, `"Qm…"` or (from v0.10) `{"/": "Qm…"}`, as a string
  ipfs_cid: (value) => (isMapping(value) && typeof value['/'] === 'string' ? value['/'] : pyStr(defined(value))),
  // ours: a JSON array, or JSON values one after another (ipfs-cluster-ctl --enc json lists from v0.11)
  from_json_values: (value) => {
    try {
      return parseJsonValues(String(defined(value)));
    } catch (error) {
      throw new TemplateFailure('type', `from_json_values: ${(error as Error).message}`, { cause: error });
    }
  },
  // ours: whether a runbook may take an upgrade hop, by the releases data (runbooks/data/ipfs-cluster-releases.yml)
  upgrade_route: upgradeRoute,
  regex_search: (value, pattern, ...rest) => {
    const args = splitArgs(rest);
    return regexSearch(value, pattern, args.positional, regexOptions(args));
  },
  regex_replace: (value, pattern = '', ...rest) => {
    const args = splitArgs(rest);
    return regexReplace(value, pattern, arg(args, 0, 'replacement', ''), regexOptions(args));
  },
  regex_findall: (value, pattern, ...rest) => regexFindall(value, pattern, regexOptions(splitArgs(rest))),
  regex_escape: (value) => pyStr(value).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
  basename: pathBase,
  dirname: pathDir,
  join: (value, ...rest) => {
    const args = splitArgs(rest);
    const attr = arg(args, 1, 'attribute', null);
    return items(value, 'join').map((x) => pyStr(attr === null ? x : attribute(x, attr))).join(pyStr(arg(args, 0, 'd', '')));
  },
  map: mapItems,
  extract: extract,
  select: selectWith(true, false),
  reject: selectWith(false, false),
  selectattr: selectWith(true, true),
  rejectattr: selectWith(false, true),
  trim: (value, chars) => {
    const text = pyStr(value);
    if (chars === undefined || chars === null) return text.trim();
    const set = new Set(pyStr(chars));
    let [start, end] = [0, text.length];
    while (start < end && set.has(text[start]!)) start++;
    while (end > start && set.has(text[end - 1]!)) end--;
    return text.slice(start, end);
  },
  lower: (value) => pyStr(value).toLowerCase(),
  upper: (value) => pyStr(value).toUpperCase(),
  length,
  count: length,
  first: (value) => items(value, 'first')[0] ?? new Undefined('first: the list is empty'),
  last: (value) => items(value, 'last').at(-1) ?? new Undefined('last: the list is empty'),
  unique: (value) => items(value, 'unique').filter((x, i, all) => all.findIndex((y) => pyEqual(x, y)) === i),
  sort: (value, ...rest) => {
    const args = splitArgs(rest);
    const sorted = [...items(value, 'sort')].sort(sortKey(args));
    return pyBool(arg(args, 0, 'reverse', false)) ? sorted.reverse() : sorted;
  },
  reverse: (value) => (typeof defined(value) === 'string' ? [...(value as string)].reverse().join('') : [...items(value, 'reverse')].reverse()),
  list: (value) => [...items(value, 'list')],
  split: (value, separator) => (separator === undefined || separator === null ? pyStr(value).trim().split(/\s+/).filter(Boolean) : pyStr(value).split(pyStr(separator))),
  ternary: (value, whenTrue, whenFalse, whenNone) => (value === null && whenNone !== undefined ? whenNone : pyBool(value) ? whenTrue : whenFalse),
  dict2items: (value) => Object.entries(isMapping(value) ? value : {}).map(([key, v]) => ({ key, value: v })),
  items2dict: (value) => Object.fromEntries(items(value, 'items2dict').map((x) => [pyStr(attribute(x, 'key')), attribute(x, 'value')])),
  // entries, not Object.assign: a `__proto__` key stays a key and sets no prototype
  combine: (value, ...rest) => Object.fromEntries([defined(value), ...splitArgs(rest).positional.map(defined)].flatMap((d) => Object.entries(d as object))),
};
