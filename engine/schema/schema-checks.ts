import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Options } from 'ajv/dist/2020.js';
import { packageRoot } from '../core/index.js';
import { newAjv } from './new-ajv.js';

/** One generated file of schema checks: the schemas it compiles, and what it exports (name → schema ref). */
export interface SchemaCheckFile {
  /** Where it is kept, from the package root. */
  readonly file: string;
  /** The files of `schemas/` it is compiled from; a later one may refer to an earlier one by its $id. */
  readonly schemas: readonly string[];
  readonly exports: Readonly<Record<string, string>>;
}

/**
 * Every schema the engine checks values against, compiled at build time (`npm run schemas`), so that no
 * process generates validation code: only a value that fails a check goes through ajv, for its diagnostics.
 */
export const SCHEMA_CHECK_FILES: readonly SchemaCheckFile[] = [
  { file: 'engine/inventory/inventory-schema-check.ts', schemas: ['inventory'],
    exports: { check: 'inventory', hostPattern: 'inventory#/$defs/host_pattern' } },
  { file: 'engine/runbook/runbook-schema-check.ts', schemas: ['runbook'],
    exports: { check: 'runbook', taskFile: 'runbook#/$defs/task_file' } },
  { file: 'engine/runbook/releases-schema-check.ts', schemas: ['ipfs-cluster-releases'],
    exports: { releases: 'ipfs-cluster-releases' } },
  { file: 'engine/schema/json-schema-check.ts', schemas: ['plan', 'saved-plan'],
    exports: { plan: 'plan', savedPlan: 'saved-plan' } },
];

const require = createRequire(import.meta.url);

/**
 * The text of a generated check file: its schemas compiled by ajv (standalone code, with the options
 * `validateWithSchema` uses but allErrors: a yes/no is all it answers).
 */
export function schemaCheckSource(entry: SchemaCheckFile): string {
  const options: Options = { strict: true, code: { source: true, esm: true } };
  const ajv = newAjv(options);
  for (const name of entry.schemas) {
    ajv.addSchema(JSON.parse(readFileSync(join(packageRoot(), 'schemas', `${name}.schema.json`), 'utf8')) as object, name);
  }
  const standalone = (require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')).default;
  const imports: string[] = [];
  // ajv's ESM output still `require`s its runtime helpers: import them instead
  const code = standalone(ajv, { ...entry.exports }).replace(/require\("([^"]+)"\)/g, (_all, path: string) => {
    imports.push(`import helper${imports.length} from '${path}.js';`);
    return `helper${imports.length - 1}`;
  }).replace(/^"use strict";/, '');
  return [`// Generated from ${entry.schemas.map((s) => `schemas/${s}.schema.json`).join(', ')} by \`npm run schemas\`: do not edit.`,
    '// test/schema/schema-checks.test.ts fails when it is out of date.', '// @ts-nocheck', ...imports, code, ''].join('\n');
}
