export * from './format-diagnostic.js';
export * from './inventory-views.js';
