import { createRequire } from 'node:module';
import type { Ajv2020, Options } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);

/**
 * A new ajv (JSON Schema 2020-12). ajv is loaded on the first call, not when this module is: a command that
 * validates nothing, or only through a validator compiled at build time, never pays for loading it.
 */
export function newAjv(options: Options): Ajv2020 {
  const ajv = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return new ajv.Ajv2020(options);
}
