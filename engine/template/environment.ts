import { suggest } from '../core/index.js';
import { FILTERS } from './filters.js';
import { nunjucks } from './nunjucks-api.js';
import { defined, notFunction, TemplateFailure, typeName } from './python.js';
import { TESTS } from './tests.js';

type Callable = (...args: unknown[]) => unknown;

/** Filters that are given an undefined value rather than failing on it. */
const ACCEPTS_UNDEFINED = new Set(['default', 'd', 'mandatory']);

/** A lookup table with no prototype: `valueOf` or `constructor` are not in it unless put there. */
export function ownTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/**
 * `table[name]` if the table itself holds it (never from a prototype), else undefined. Ansible's full names of its
 * own filters and tests (`ansible.builtin.version`, `ansible.legacy.version`) name the same ones as the short names.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, name: unknown): T | undefined {
  // `x is none` names its test with the literal null
  const short = String(name).replace(/^ansible\.(?:builtin|legacy)\./, '');
  return Object.hasOwn(table, short) ? table[short] : undefined;
}

/** Jinja's sandbox limit: a larger range is a mistake (or an attack), not a loop anyone means. */
const MAX_RANGE = 100_000;

/** Python's range(stop) / range(start, stop[, step]): integers only, and at most MAX_RANGE of them. */
function range(...args: unknown[]): number[] {
  const bad = args.find((n) => !Number.isInteger(n));
  if (bad !== undefined || args.length < 1 || args.length > 3) {
    throw new TemplateFailure('type', `range takes one to three integers${bad === undefined ? '' : `, not a ${typeName(bad)}`}`);
  }
  const [start, stop, step = 1] = (args.length === 1 ? [0, args[0]] : args) as number[];
  if (step === 0) throw new TemplateFailure('type', 'range: the step must not be 0');
  const length = Math.max(0, Math.ceil((stop! - start!) / step));
  if (length > MAX_RANGE) throw new TemplateFailure('type', `range would give ${length} numbers, more than the ${MAX_RANGE} allowed`);
  return Array.from({ length }, (_, i) => start! + i * step);
}

/** The error for a filter or test name that `table` lacks, with the nearest name it has as the hint. */
export function unknownName(kind: 'filter' | 'test', name: unknown, table: Readonly<Record<string, unknown>>): TemplateFailure {
  const text = String(name).toLowerCase();
  // a typo, or a name with a word too many or too few (`uppercase` for `upper`)
  const near = suggest(text, Object.keys(table)) ?? Object.keys(table)
    .filter((k) => k.length >= 3 && (text.startsWith(k) || k.startsWith(text)))
    .sort((a, b) => Math.abs(a.length - text.length) - Math.abs(b.length - text.length))[0];
  const hint = near === undefined ? `see the ${kind}s listed in the README ("Variables")` : `did you mean "${near}"?`;
  return new TemplateFailure('type', `unknown ${kind} "${String(name)}"`, { hint });
}

function getter(kind: 'filter' | 'test', table: Readonly<Record<string, Callable>>): (name: unknown) => Callable {
  return (name) => {
    const entry = ownEntry(table, name);
    if (entry === undefined) throw unknownName(kind, name, table);
    return entry;
  };
}

/**
 * The nunjucks environment compiled templates run with, closed to the host language: no
 * template loader (`{% include %}` reads no file), and filters, tests and globals in tables
 * without a prototype, read by own name only, so that no JavaScript method is a filter.
 */
export function createEnvironment(plain: (value: unknown) => unknown): nunjucks.Environment {
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
  const nj = env as unknown as { filters: Record<string, Callable>; tests: Record<string, Callable>; globals: Record<string, unknown> };
  const filters: Record<string, Callable> = {};
  for (const [name, filter] of Object.entries({ ...nj.filters, ...FILTERS })) {
    filters[name] = function (this: unknown, value: unknown, ...args: unknown[]) {
      if (!ACCEPTS_UNDEFINED.has(name)) defined(value);
      // a function given to a filter would be called by it, or printed as its source
      notFunction(value);
      args.forEach((a) => notFunction(defined(a)));
      return filter.call(this, plain(value), ...args.map(plain));
    };
  }
  const tables = {
    filters: ownTable(filters),
    tests: ownTable<Callable>({ ...nj.tests, ...TESTS } as Record<string, Callable>),
    globals: ownTable({ range, cycler: nj.globals['cycler'], joiner: nj.globals['joiner'] }),
  };
  Object.assign(env, tables, { getFilter: getter('filter', tables.filters), getTest: getter('test', tables.tests) });
  return env;
}
