import { EngineError } from '../core/index.js';
import { plainValue, UnsafeText, VaultedValue, VaultFailure } from '../source/index.js';
import { TemplateFailure } from './python.js';

/**
 * A value from YAML as a template reads it: a `!vault` value decrypted, a `!unsafe` one as its
 * text (data: never rendered). A vaulted value that cannot be decrypted fails where it is used,
 * like any template error, and says where it was written.
 */
export function readTagged(value: unknown): unknown {
  if (!(value instanceof VaultedValue || value instanceof UnsafeText)) return value;
  try {
    return plainValue(value);
  } catch (error) {
    if (!(error instanceof EngineError) || !(error.cause instanceof VaultFailure)) throw error;
    const at = error.diagnostics[0];
    const written = at ? ` (written at ${at.file}:${at.line}:${at.col})` : '';
    throw new TemplateFailure('type', `${error.message}${written}`, { cause: error, ...(error.hint ? { hint: error.hint } : {}) });
  }
}
