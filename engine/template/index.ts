export { createScope, Scope, type Layer } from './scope.js';
export { evaluate, isTrue, renderText, renderValue } from './render.js';
export { expressionVariables, templateVariables } from './variables.js';
export { shellQuote } from './filters.js';
export { parseVersion } from './tests.js';
