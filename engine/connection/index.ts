export * from './types.js';
export * from './local.js';
