import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { newAjv } from './new-ajv.js';
import { packageRoot, suggest, toJsonPointer, type Diagnostic, type DiagnosticCode } from '../core/index.js';
import { locate, type YamlSource } from '../source/index.js';
import { describeSchema } from './describe-schema.js';
import { deref, schemaAt } from './schema-at.js';

/** The schema files in `schemas/`, by name. */
export type SchemaName = 'runbook' | 'inventory' | 'ipfs-cluster-releases' | 'scenario';

/** How an unknown key is reported; lets a caller say "unknown module" where that is what it means. */
export type UnknownKeyReporter = (
  path: readonly (string | number)[],
  key: string,
  allowed: readonly string[],
) => { code: DiagnosticCode; message: string; hint?: string };

interface SchemaError extends ErrorObject {
  readonly parentSchema?: Record<string, unknown>;
  /** Set when the error is about a mapping's key (propertyNames), not a value. */
  readonly propertyName?: string;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();
const documents = new Map<SchemaName, Record<string, unknown>>();

function validatorFor(name: SchemaName, definition?: string): ValidateFunction {
  const id = definition ? `${name}#/$defs/${definition}` : name;
  let validate = compiled.get(id);
  if (!validate) {
    if (!ajv) {
      // validateSchema: false: the schema files are checked against the meta-schema by a test, not at every start (~100 ms)
      ajv = newAjv({ allErrors: true, verbose: true, strict: true, validateSchema: false });
      for (const file of ['runbook', 'inventory', 'ipfs-cluster-releases', 'scenario'] as const) {
        const schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas', `${file}.schema.json`), 'utf8'));
        documents.set(file, schema);
        ajv.addSchema(schema, file);
      }
    }
    validate = ajv.getSchema(id);
    if (!validate) throw new Error(`schema ${id} not found`);
    compiled.set(id, validate);
  }
  return validate;
}

function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => {
    const key = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(key) ? Number(key) : key;
  });
}

const defaultUnknownKey: UnknownKeyReporter = (_path, key, allowed) => {
  const near = suggest(key, allowed);
  return {
    code: 'unknown-keyword',
    message: `unknown key "${key}"`,
    hint: near ? `did you mean "${near}"?` : `expected one of: ${allowed.join(', ')}`,
  };
};

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Drops each failed anyOf/oneOf's branch errors, keeping the branch whose type matched if any. */
function pruneAlternatives(errors: readonly SchemaError[]): SchemaError[] {
  let kept = [...errors];
  for (const alt of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const prefix = `${alt.schemaPath}/`;
    const branches = kept.filter((e) => e.schemaPath.startsWith(prefix));
    const typeMissed = new Set(branches
      .filter((e) => e.keyword === 'type' && e.instancePath === alt.instancePath)
      .map((e) => e.schemaPath.slice(prefix.length).split('/')[0]));
    const matched = branches.find((e) => !typeMissed.has(e.schemaPath.slice(prefix.length).split('/')[0]));
    if (matched) {
      const branch = `${prefix}${matched.schemaPath.slice(prefix.length).split('/')[0]}/`;
      kept = kept.filter((e) => e !== alt && (!e.schemaPath.startsWith(prefix) || e.schemaPath.startsWith(branch)));
    } else {
      kept = kept.filter((e) => !e.schemaPath.startsWith(prefix));
    }
  }
  return kept;
}

/** A path as a reader would write it: `steps[3].serial`. */
function describePath(path: readonly (string | number)[]): string {
  if (!path.length) return 'the document';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function translate(error: SchemaError, schemaName: SchemaName, onUnknownKey: UnknownKeyReporter) {
  const path = pathOf(error.instancePath);
  const name = describePath(path);
  const written = schemaAt(documents.get(schemaName) ?? {}, path);
  const about = written?.description;
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    const about = typeof error.parentSchema?.description === 'string' ? error.parentSchema.description : undefined;
    return { path: [...path, error.propertyName], at: 'key' as const, code: 'bad-value' as const,
      message: `"${error.propertyName}" is not a valid name here`, ...(about ? { hint: about } : {}) };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return { path: [...path, key], at: 'key' as const, ...onUnknownKey(path, key, allowed) };
    }
    case 'required':
      return { path, at: 'key' as const, code: 'missing-key' as const,
        message: `${name} is missing the required key "${String(params.missingProperty)}"` };
    case 'false schema':
      return { path, at: 'key' as const, code: 'bad-value' as const,
        message: `${name} is not allowed here`, ...(about ? { hint: about } : {}) };
    case 'type':
    case 'anyOf':
    case 'oneOf':
      return { path, at: 'value' as const, code: 'wrong-type' as const,
        message: `${name} must be ${describeSchema(written?.schema ?? error.parentSchema, (s) => deref(documents.get(schemaName) ?? {}, s))}, not ${describeType(error.data)}`,
        ...(about ? { hint: about } : {}) };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const near = suggest(String(error.data), allowed);
      return { path, at: 'value' as const, code: 'bad-value' as const,
        message: `${name} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, not ${describeType(error.data)}`,
        ...(near ? { hint: `did you mean "${near}"?` } : {}) };
    }
    case 'pattern':
      return { path, at: 'value' as const, code: 'bad-value' as const,
        message: `${name}: ${describeType(error.data)} is not in the expected form`,
        ...(about ? { hint: about } : {}) };
    default:
      return { path, at: 'value' as const, code: 'bad-value' as const,
        message: `${name}: ${describeType(error.data)} is not valid (${error.message ?? error.keyword})`,
        ...(about ? { hint: about } : {}) };
  }
}

/**
 * Validates `value` (the document of `source`) against a schema, or one of its `$defs`,
 * and turns every violation into a diagnostic pointing at the offending YAML node.
 */
export function validateWithSchema(
  source: YamlSource,
  value: unknown,
  options: { schema: SchemaName; definition?: string; onUnknownKey?: UnknownKeyReporter },
): Diagnostic[] {
  const validate = validatorFor(options.schema, options.definition);
  if (validate(value)) return [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  // an if/then/else reports the failed branch's own error too: that one says what is wrong
  // propertyNames repeats, for the whole mapping, the error already reported for the key
  const errors = ((validate.errors ?? []) as SchemaError[]).filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  for (const error of pruneAlternatives(errors)) {
    const { path, at, code, message, hint } = translate(error, options.schema, options.onUnknownKey ?? defaultUnknownKey);
    const key = `${toJsonPointer(path)}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push({ file: source.file, ...locate(source, path, at), code, message,
      severity: 'error', path: toJsonPointer(path), ...(hint ? { hint } : {}) });
  }
  return diagnostics;
}
