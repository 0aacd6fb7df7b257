export * from './validate-schema.js';
export * from './validate-json.js';
