import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Options } from 'ajv/dist/2020.js';
import { packageRoot } from '../core/index.js';
import { newAjv } from '../schema/index.js';

/** Where the inventory schema's compiled check is kept, from the package root. */
export const SCHEMA_CHECK_FILE = 'engine/inventory/inventory-schema-check.ts';

const require = createRequire(import.meta.url);

/**
 * The text of `inventory-schema-check.ts`: `schemas/inventory.schema.json` compiled by ajv (standalone code, the
 * options `validateWithSchema` uses but allErrors: a yes/no is all it answers). Loading an inventory then
 * generates no code: only an inventory that fails it goes through ajv, for the diagnostics.
 */
export function schemaCheckSource(): string {
  const options: Options = { strict: true, code: { source: true, esm: true } };
  const ajv = newAjv(options);
  ajv.addSchema(JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'inventory.schema.json'), 'utf8')) as object, 'inventory');
  const standalone = (require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')).default;
  const imports: string[] = [];
  // ajv's ESM output still `require`s its runtime helpers: import them instead
  const code = standalone(ajv, { check: 'inventory' }).replace(/require\("([^"]+)"\)/g, (_all, path: string) => {
    imports.push(`import helper${imports.length} from '${path}.js';`);
    return `helper${imports.length - 1}`;
  }).replace(/^"use strict";/, '');
  return ['// Generated from schemas/inventory.schema.json by `npm run schemas`: do not edit.',
    '// test/inventory/schema-check.test.ts fails when it is out of date.', '// @ts-nocheck', ...imports, code, ''].join('\n');
}
