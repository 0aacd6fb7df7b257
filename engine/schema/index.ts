export * from './validate-schema.js';
