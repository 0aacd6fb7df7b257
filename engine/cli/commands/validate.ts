import { isAbsolute, relative } from 'node:path';
import { EngineError, type Diagnostic } from '../../core/index.js';
import { checkRunbookFile } from '../../runbook/index.js';
import { findFile } from '../../source/index.js';
import { checkTemplate } from '../../template/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { printDiagnostics, type Terminal } from '../terminal.js';

export interface ValidateOptions {
  readonly format: 'text' | 'json';
}

/**
 * Every file's diagnostics, each problem once: a tasks file named on the command line and included by a runbook
 * named beside it is checked twice, and its problems are its own. Paths are shown relative to the working folder.
 */
function checkFiles(files: readonly string[]): Diagnostic[] {
  const seen = new Set<string>();
  return files.flatMap((name): Diagnostic[] => {
    try {
      return checkRunbookFile(relative(process.cwd(), findFile(name, 'runbooks', 'runbook')), { checkTemplate });
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      return [{ file: name, line: 1, col: 1, path: '', code: 'file-not-found', severity: 'error', message: error.message }];
    }
  }).map((d) => (isAbsolute(d.file) ? { ...d, file: relative(process.cwd(), d.file) || d.file } : d)).filter((d) => {
    const key = JSON.stringify([d.file, d.line, d.col, d.code, d.message]);
    return !seen.has(key) && !!seen.add(key);
  });
}

/** `runbook validate FILE...`: 0 when every file is valid, 4 otherwise. */
export function validateCommand(terminal: Terminal, files: readonly string[], options: ValidateOptions): ExitCode {
  const diagnostics = checkFiles(files);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (options.format === 'json') {
    terminal.out(JSON.stringify(diagnostics.map(({ file, line, col, message, path, code, severity, hint }) =>
      ({ file, line, col, message, path, code, severity, ...(hint ? { hint } : {}) })), null, 2));
  } else {
    printDiagnostics(terminal, diagnostics);
    const summary = errors.length
      ? terminal.chalk.red(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${new Set(errors.map((e) => e.file)).size} of ${files.length} file(s)`)
      : terminal.chalk.green(`${files.length} file(s) valid`);
    terminal.err(summary);
  }
  return errors.length ? EXIT.invalidInput : EXIT.ok;
}
