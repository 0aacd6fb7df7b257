import type * as Semver from 'semver';
import { defined, isMapping, pyBool, pyCompare, pyEqual, pyIn, TemplateFailure, Undefined } from './python.js';
import { regexTest } from './regex.js';
import { RESULT_TESTS } from './result-tests.js';
import { loadSemver } from '../runbook/index.js';

/** A Jinja test (`x is name(args)`): always a boolean, since nunjucks checks `=== true`. */
export type Test = (value: unknown, ...args: unknown[]) => boolean;

function keywords(args: unknown[]): { positional: unknown[]; named: Record<string, unknown> } {
  const last = args.at(-1);
  if (!isMapping(last) || last['__keywords'] !== true) return { positional: args, named: {} };
  return { positional: args.slice(0, -1), named: last };
}

/**
 * A version as semver reads it: strict first (keeps pre-releases such as 1.0.0-rc1), then
 * coerced (`0.10` is 0.10.0, `v1.2` is 1.2.0), as Ansible's loose version test accepts them.
 */
export function parseVersion(value: unknown): Semver.SemVer {
  const text = String(defined(value)).trim();
  const parsed = loadSemver().parse(text, { loose: true }) ?? loadSemver().coerce(text, { includePrerelease: true });
  if (!parsed) throw new TemplateFailure('type', `"${text}" is not a version`);
  return parsed;
}

const VERSION_OPS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0, lt: (c) => c < 0,
  '<=': (c) => c <= 0, le: (c) => c <= 0,
  '>': (c) => c > 0, gt: (c) => c > 0,
  '>=': (c) => c >= 0, ge: (c) => c >= 0,
  '==': (c) => c === 0, '=': (c) => c === 0, eq: (c) => c === 0,
  '!=': (c) => c !== 0, '<>': (c) => c !== 0, ne: (c) => c !== 0,
};

/** `x is version('0.4.0', '<')`: operators <, lt, <=, le, >, gt, >=, ge, ==, eq, !=, ne (default eq). */
function versionTest(value: unknown, ...args: unknown[]): boolean {
  const { positional, named } = keywords(args);
  const op = String(named['operator'] ?? positional[1] ?? 'eq');
  const check = Object.hasOwn(VERSION_OPS, op) ? VERSION_OPS[op] : undefined;
  if (!check) throw new TemplateFailure('type', `version: unknown operator "${op}"; use one of <, <=, >, >=, ==, !=`);
  return check(loadSemver().compare(parseVersion(value), parseVersion(named['version'] ?? positional[0])));
}

/** `x is semver('>=0.4 <0.11')`: the version satisfies a semver range (pre-releases included). */
function semverTest(value: unknown, range: unknown): boolean {
  const text = String(defined(range));
  if (loadSemver().validRange(text, { loose: true }) === null) {
    throw new TemplateFailure('type', `"${text}" is not a semver range`);
  }
  return loadSemver().satisfies(parseVersion(value), text, { loose: true, includePrerelease: true });
}

function regexWith(matchType: string): Test {
  return (value, ...args) => {
    const { positional, named } = keywords(args);
    return regexTest(value, positional[0] ?? named['pattern'], named, named['match_type'] ?? matchType);
  };
}

const isNumber = (v: unknown) => typeof v === 'number';

/** The tests runbooks use, with Jinja's and Ansible's names and meaning. */
export const TESTS: Record<string, Test> = {
  ...RESULT_TESTS,
  defined: (value) => !(value instanceof Undefined) && value !== undefined,
  undefined: (value) => value instanceof Undefined || value === undefined,
  none: (value) => defined(value) === null,
  string: (value) => typeof defined(value) === 'string',
  number: (value) => isNumber(defined(value)),
  integer: (value) => Number.isInteger(defined(value)),
  float: (value) => isNumber(defined(value)) && !Number.isInteger(value),
  boolean: (value) => typeof defined(value) === 'boolean',
  mapping: (value) => isMapping(defined(value)),
  sequence: (value) => Array.isArray(defined(value)) || typeof value === 'string',
  iterable: (value) => Array.isArray(defined(value)) || typeof value === 'string' || isMapping(value),
  truthy: (value) => pyBool(value),
  falsy: (value) => !pyBool(value),
  true: (value) => defined(value) === true,
  false: (value) => defined(value) === false,
  version: versionTest,
  version_compare: versionTest,
  semver: semverTest,
  match: regexWith('match'),
  search: regexWith('search'),
  regex: regexWith('search'),
  in: (value, container) => pyIn(value, container),
  contains: (container, value) => pyIn(value, container),
  eq: (a, b) => pyEqual(a, b),
  equalto: (a, b) => pyEqual(a, b),
  '==': (a, b) => pyEqual(a, b),
  ne: (a, b) => !pyEqual(a, b),
  '!=': (a, b) => !pyEqual(a, b),
  lt: (a, b) => pyCompare(a, '<', b),
  '<': (a, b) => pyCompare(a, '<', b),
  le: (a, b) => pyCompare(a, '<=', b),
  '<=': (a, b) => pyCompare(a, '<=', b),
  gt: (a, b) => pyCompare(a, '>', b),
  '>': (a, b) => pyCompare(a, '>', b),
  ge: (a, b) => pyCompare(a, '>=', b),
  '>=': (a, b) => pyCompare(a, '>=', b),
  odd: (value) => Number(defined(value)) % 2 === 1,
  even: (value) => Number(defined(value)) % 2 === 0,
};
