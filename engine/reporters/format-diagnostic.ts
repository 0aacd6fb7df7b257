import type { ChalkInstance } from 'chalk';
import { visibleDeep, visibleText, type Diagnostic } from '../core/index.js';

/** What the formatter needs from the outside: colours and the text of a source line. */
export interface DiagnosticStyle {
  readonly chalk: ChalkInstance;
  readonly sourceLine: (file: string, line: number) => string | undefined;
}

/**
 * `file:line:col: error[code]: message`, then the source line with a caret under the column,
 * then the hint: the format every user-facing problem is printed in.
 */
export function formatDiagnostic(raw: Diagnostic, style: DiagnosticStyle): string {
  const d = visibleDeep(raw);
  const { chalk } = style;
  const level = d.severity === 'error' ? chalk.red.bold(`error[${d.code}]`) : chalk.yellow.bold(`warning[${d.code}]`);
  const out = [`${chalk.bold(`${d.file}:${d.line}:${d.col}`)}: ${level}: ${d.message}`];
  const text = style.sourceLine(d.file, d.line);
  if (text !== undefined && text.trim() !== '') {
    const gutter = String(d.line).length;
    const shown = visibleText(text.replace(/\t/g, ' ').slice(0, 200));
    out.push(`${' '.repeat(gutter)} ${chalk.dim('|')}`);
    out.push(`${chalk.dim(String(d.line))} ${chalk.dim('|')} ${shown}`);
    out.push(`${' '.repeat(gutter)} ${chalk.dim('|')} ${' '.repeat(Math.max(0, d.col - 1))}${chalk.red('^')}`);
  }
  if (d.hint) out.push(`${chalk.cyan('hint')}: ${d.hint}`);
  return out.join('\n');
}
