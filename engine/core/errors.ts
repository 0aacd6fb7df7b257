import type { Diagnostic } from './diagnostic.js';

/**
 * What kind of failure an error is; the CLI maps each kind to one exit code.
 * - `invalid-input`: a runbook, inventory or plan is wrong (exit 4)
 * - `usage`: bad command-line options (exit 5)
 * - `failed`: the engine could not do what was asked (exit 1)
 */
export type ErrorKind = 'invalid-input' | 'usage' | 'failed';

/** The one error family of the engine: a kind, a message, optional diagnostics and a hint. */
export class EngineError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Masks secrets in the source lines the diagnostics quote (a run's secrets, when a run found them). */
  readonly maskSource: ((line: string) => string) | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { hint?: string; diagnostics?: readonly Diagnostic[]; cause?: unknown; maskSource?: (line: string) => string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.kind = kind;
    this.hint = options.hint;
    this.diagnostics = options.diagnostics ?? [];
    this.maskSource = options.maskSource;
  }
}

/** Thrown when user files hold errors; carries every diagnostic found, not just the first. */
export function invalidInput(diagnostics: readonly Diagnostic[], maskSource?: (line: string) => string): EngineError {
  const count = diagnostics.filter((d) => d.severity === 'error').length;
  return new EngineError('invalid-input', `${count} error${count === 1 ? '' : 's'} found`, {
    diagnostics, ...(maskSource ? { maskSource } : {}),
  });
}
