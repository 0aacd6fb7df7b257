export * from './format-diagnostic.js';
