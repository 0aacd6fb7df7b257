const TEMPLATE_MARK = /\{[{%#]/;

/**
 * Whether text holds a Jinja2 mark (`{{`, `{%` or `{#`): text without one renders as itself. Here, below every
 * layer, so that a runbook being loaded and the template engine tell a template the same way.
 */
export function hasTemplateMark(text: string): boolean {
  return TEMPLATE_MARK.test(text);
}
