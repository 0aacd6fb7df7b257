import { defined, isMapping, pyBool, pyEqual, TemplateFailure, typeName } from './python.js';

type Test = (value: unknown, ...args: unknown[]) => boolean;

/** The task result a result test reads: a mapping (what `register:` keeps), as Ansible insists. */
function resultOf(test: string, value: unknown): Readonly<Record<string, unknown>> {
  const result = defined(value);
  if (!isMapping(result)) {
    throw new TemplateFailure('type', `the "${test}" test expects a task result (a mapping, as register: keeps it), not a ${typeName(result)}`);
  }
  return result;
}

function flag(test: string, key: string): Test {
  return (value) => pyBool(resultOf(test, value)[key] ?? false);
}

/** Ansible's `changed`: the result's own `changed`, or else whether any of a loop's `results` changed. */
function changed(value: unknown): boolean {
  const result = resultOf('changed', value);
  if (Object.hasOwn(result, 'changed')) return pyBool(result['changed'] ?? false);
  const results = result['results'];
  return Array.isArray(results) && isMapping(results[0]) && results.some((r) => isMapping(r) && pyBool(r['changed'] ?? false));
}

/** Ansible's `started`/`finished` of an async task: 1 (or true) when the key is there; true when it is not. */
function asyncFlag(key: string): Test {
  return (value) => {
    const result = resultOf(key, value);
    return !Object.hasOwn(result, key) || result[key] === 1 || result[key] === true;
  };
}

function items(test: string, value: unknown): unknown[] {
  const list = defined(value);
  if (Array.isArray(list)) return list;
  if (typeof list === 'string') return [...list];
  if (isMapping(list)) return Object.keys(list);
  throw new TemplateFailure('type', `the "${test}" test expects a list, not a ${typeName(list)}`);
}

function subset(test: string): (a: unknown, b: unknown) => boolean {
  return (a, b) => items(test, a).every((x) => items(test, b).some((y) => pyEqual(x, y)));
}

const failed = flag('failed', 'failed');
const unreachable = flag('unreachable', 'unreachable');
const skipped = flag('skipped', 'skipped');
const succeeded: Test = (value) => !failed(value);
const isSubset = subset('subset');
const isSuperset = (a: unknown, b: unknown) => subset('superset')(b, a);

/**
 * Ansible's tests of a registered task result (`r is failed`, `r is changed`, …), with its names and aliases and its
 * meaning: a key missing from the result is false (`started`/`finished`: true), and a value that is not a mapping is
 * an error. Also its list tests `any`, `all`, `subset` and `superset`.
 */
export const RESULT_TESTS: Readonly<Record<string, Test>> = {
  failed, failure: failed,
  succeeded, success: succeeded, successful: succeeded,
  unreachable, reachable: (value) => !unreachable(value),
  changed, change: changed,
  skipped, skip: skipped,
  started: asyncFlag('started'), finished: asyncFlag('finished'),
  any: (value) => items('any', value).some(pyBool),
  all: (value) => items('all', value).every(pyBool),
  subset: isSubset, issubset: isSubset,
  superset: isSuperset, issuperset: isSuperset,
};
