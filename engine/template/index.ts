export { createScope, Scope, type Layer, type SecretWatch } from './scope.js';
export { evaluate, isTrue, renderText, renderValue } from './render.js';
export { hasTemplateMark } from '../core/index.js';
export { expressionVariables, templateVariables } from './variables.js';
export { shellQuote } from './filters.js';
export { parseVersion } from './tests.js';
export { contentText } from './python.js';
export { checkTemplate, type TemplateKind } from './check-template.js';
