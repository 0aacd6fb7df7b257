import { readFileSync } from 'node:fs';
import { EngineError, suggest } from '../core/index.js';
import { MASK } from '../executor/redact.js';
import { loadSemver, type Param, type Runbook } from '../runbook/index.js';
import { loadYamlFile, UnsafeText, VaultedValue } from '../source/index.js';

/**
 * `-e` values as Ansible reads them: `k=v k2=v2` (strings), a JSON or YAML mapping, or `@file.yml`;
 * later ones win.
 */
export function parseExtraVars(specs: readonly string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.startsWith('@')) {
      const source = loadYamlFile(spec.slice(1));
      if ('code' in source) throw new EngineError('usage', `-e ${spec}: ${source.message}`);
      if (source.diagnostics.length) throw new EngineError('invalid-input', `-e ${spec}: not valid YAML`, { diagnostics: source.diagnostics });
      Object.assign(vars, source.value ?? {});
    } else if (/^\s*\{/.test(spec)) {
      try {
        Object.assign(vars, JSON.parse(spec) as object);
      } catch (error) {
        throw new EngineError('usage', `-e ${spec}: not valid JSON (${(error as Error).message})`);
      }
    } else {
      for (const pair of spec.trim().split(/\s+/)) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new EngineError('usage', `-e "${pair}": expected name=value, JSON, or @file.yml`);
        vars[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
    }
  }
  return vars;
}

function coerce(name: string, param: Param, value: unknown): unknown {
  const shown = param.isSecret ? MASK : JSON.stringify(value);
  const fail = (expected: string) => new EngineError('usage', `-e ${name}=${shown}: expected ${expected}`,
    param.description ? { hint: `${name}: ${param.description}` } : {});
  switch (param.type) {
    case 'int': {
      const n = typeof value === 'number' ? value : /^-?\d+$/.test(String(value)) ? Number(value) : NaN;
      if (!Number.isInteger(n)) throw fail('a whole number');
      return n;
    }
    case 'bool': {
      const text = String(value).toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(text)) return true;
      if (['false', 'no', 'off', '0'].includes(text)) return false;
      throw fail('true or false');
    }
    case 'semver':
      if (!loadSemver().valid(String(value))) throw fail('a version such as 0.10.1');
      return String(value);
    case 'list':
    case 'dict': {
      const parsed = typeof value === 'string' ? safeJson(value) : value;
      if (param.type === 'list' ? !Array.isArray(parsed) : (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
        throw fail(param.type === 'list' ? 'a JSON list' : 'a JSON object');
      }
      return parsed;
    }
    default:
      // a vaulted string stays encrypted until used; an unsafe one stays unsafe
      return value instanceof VaultedValue || value instanceof UnsafeText ? value : String(value);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Checks `-e` against the runbook's params before anything runs: types, choices, required ones;
 * fills in defaults. A name that is neither a param nor a runbook var is refused, with a suggestion.
 */
export function checkParams(runbook: Runbook, given: Readonly<Record<string, unknown>>): {
  readonly extraVars: Record<string, unknown>;
  /** Defaults of params not given: they rank as runbook vars, below the inventory. */
  readonly defaults: Record<string, unknown>;
} {
  const result: Record<string, unknown> = { ...given };
  const defaults: Record<string, unknown> = {};
  const known = [...Object.keys(runbook.params), ...Object.keys(runbook.vars)];
  for (const name of Object.keys(given)) {
    if (known.includes(name)) continue;
    const near = suggest(name, known);
    throw new EngineError('usage', `-e ${name}: the runbook has no parameter or variable "${name}"`, {
      hint: near ? `did you mean "${near}"?` : `its parameters: ${Object.keys(runbook.params).join(', ') || '(none)'}` });
  }
  for (const [name, param] of Object.entries(runbook.params)) {
    if (given[name] === undefined) {
      if (param.required) {
        throw new EngineError('usage', `missing parameter ${name}${param.description ? ` (${param.description})` : ''}`, {
          hint: `pass it with -e ${name}=…` });
      }
      if (param.default !== undefined) defaults[name] = param.default;
      continue;
    }
    result[name] = coerce(name, param, given[name]);
    if (param.choices && !param.choices.includes(result[name])) {
      throw new EngineError('usage', `-e ${name}=${param.isSecret ? MASK : String(result[name])}: must be one of ${param.choices.join(', ')}`);
    }
  }
  return { extraVars: result, defaults };
}

/** Reads the lines of an @file host pattern (a retry file). */
export function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    throw new EngineError('usage', `cannot read "${file}"`);
  }
}

/** The names of the -e values a saved plan or run record keeps masked (secrets): they must be given again. */
export function maskedExtraVars(saved: readonly string[]): ReadonlySet<string> {
  const savedVars = parseExtraVars(saved.filter((spec) => !spec.startsWith('@')));
  return new Set(Object.keys(savedVars).filter((name) => JSON.stringify(savedVars[name]).includes(MASK)));
}

/**
 * The `-e` values of a saved plan or run record, whose secrets were masked when it was written,
 * with each masked one given again on this command line (`given`). Refuses, naming them, when
 * one is missing: a run never goes on with a mask in place of a secret.
 */
export function restoreMaskedExtraVars(saved: readonly string[], given: readonly string[], file: string): string[] {
  const masked = [...maskedExtraVars(saved)];
  if (!masked.length) return [...saved];
  const again = parseExtraVars(given);
  const missing = masked.filter((name) => again[name] === undefined);
  if (missing.length) {
    throw new EngineError('usage', `${file} keeps the secret -e value${missing.length === 1 ? '' : 's'} of ${missing.join(', ')} masked`, {
      hint: `give ${missing.length === 1 ? 'it' : 'them'} again: ${missing.map((name) => `-e ${name}=…`).join(' ')}` });
  }
  return [...saved, JSON.stringify(Object.fromEntries(masked.map((name) => [name, again[name]])))];
}
