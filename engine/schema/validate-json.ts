import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { newAjv } from './new-ajv.js';
import { packageRoot } from '../core/index.js';
import { plan as passesPlan, savedPlan as passesSavedPlan } from './json-schema-check.js';

/** Schemas for JSON files the engine writes and reads back (no YAML positions to map errors to). */
export type JsonSchemaName = 'plan' | 'saved-plan';

let ajv: Ajv2020 | undefined;

function schemas(): Ajv2020 {
  if (!ajv) {
    ajv = newAjv({ allErrors: true, strict: true });
    // saved-plan refers to plan by its $id
    for (const name of ['plan', 'saved-plan'] as const) {
      ajv.addSchema(JSON.parse(readFileSync(join(packageRoot(), 'schemas', `${name}.schema.json`), 'utf8')) as object, name);
    }
  }
  return ajv;
}

/**
 * Checks a JSON value against `schemas/<name>.schema.json`; returns every violation as
 * `/json/pointer: what is wrong`, none when it is valid.
 */
export function validateJson(name: JsonSchemaName, value: unknown): string[] {
  // compiled at build time: ajv is loaded only to list what is wrong
  if ((name === 'plan' ? passesPlan : passesSavedPlan)(value) === true) return [];
  const check = schemas().getSchema(name);
  if (!check) throw new Error(`schema ${name} not found`);
  if (check(value)) return [];
  return (check.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
  });
}
