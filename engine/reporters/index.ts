export * from './format-diagnostic.js';
export * from './inventory-views.js';
export * from './plan-views.js';
export * from './plain-view.js';
