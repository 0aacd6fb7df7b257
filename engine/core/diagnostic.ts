/** A position in a source file, 1-based like editors show it. */
export interface SourcePosition {
  readonly line: number;
  readonly col: number;
}

/** Where a diagnostic points: the file and the start of the offending node. */
export interface SourceSpan extends SourcePosition {
  readonly file: string;
}

/**
 * A node of a YAML file by its path of keys and indices: cheap to keep on every step, turned
 * into a line and column (source/ spanOf) only when a message needs one.
 */
export interface SourceRef {
  readonly file: string;
  readonly path: readonly (string | number)[];
  /** Point at the key rather than the value. */
  readonly at?: 'key' | 'value';
}

/** Stable identifiers of what went wrong, shown as `error[code]`. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'empty-file'
  | 'binary-file'
  | 'file-too-large'
  | 'file-not-found'
  | 'unknown-keyword'
  | 'unknown-module'
  | 'missing-key'
  | 'wrong-type'
  | 'bad-value'
  | 'step-kind'
  | 'include-not-found'
  | 'inventory'
  | 'vault';

/** One problem found in a user's file: where, what, and how to fix it. */
export interface Diagnostic extends SourceSpan {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
  /** JSON pointer of the offending value inside the document ("" for the document itself). */
  readonly path: string;
}

/** Sorts diagnostics by file, then position, the order a reader goes through a file. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col,
  );
}

/** JSON pointer (RFC 6901) for a path of keys and indices. */
export function toJsonPointer(path: readonly (string | number)[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
