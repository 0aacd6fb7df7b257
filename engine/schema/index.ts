export * from './validate-schema.js';
export * from './validate-json.js';
export { newAjv } from './new-ajv.js';
