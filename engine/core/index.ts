export * from './diagnostic.js';
export * from './errors.js';
export * from './suggest.js';
export * from './package-root.js';
export * from './shlex.js';
export * from './json-values.js';
export * from './visible-text.js';
export * from './template-mark.js';
