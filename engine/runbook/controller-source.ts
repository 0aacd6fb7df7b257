import { isAbsolute, join } from 'node:path';
import { hasTemplateMark } from '../core/index.js';

/**
 * The file on the controller that a `copy` or `template` step's arguments name in `src`, when `src` is written out:
 * relative to the runbook's folder, as the modules read it. Undefined when there is no `src`, or it is a template
 * (known only when the step runs).
 */
export function controllerSource(args: unknown, runbookDir: string): string | undefined {
  const src = typeof args === 'object' && args !== null ? (args as { src?: unknown }).src : undefined;
  if (typeof src !== 'string' || hasTemplateMark(src)) return undefined;
  return isAbsolute(src) ? src : join(runbookDir, src);
}
