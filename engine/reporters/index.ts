export * from './format-diagnostic.js';
export * from './inventory-views.js';
export * from './plan-views.js';
export * from './plain-view.js';
export { LiveView } from './live-view.js';
