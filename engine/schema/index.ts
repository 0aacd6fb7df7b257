export * from './validate-schema.js';
export * from './validate-json.js';
export { newAjv } from './new-ajv.js';
export { SCHEMA_CHECK_FILES, schemaCheckSource, type SchemaCheckFile } from './schema-checks.js';
