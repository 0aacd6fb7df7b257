import { dirname, isAbsolute, join } from 'node:path';
import { toJsonPointer, type Diagnostic } from '../core/index.js';
import { loadYamlFile, locate, type YamlSource } from '../source/index.js';
import { checkReleasesData, RELEASES_VAR } from './releases-data.js';
import type { TemplateChecker } from './template-fields.js';

/** The variables of a runbook's `vars_files`, merged in order, and the files they came from. */
export interface VarsFilesRead {
  readonly files: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
}

/** A vars file's path as the runbook names it, relative to the runbook's folder. */
export function varsFilePath(runbookFile: string, written: string): string {
  return isAbsolute(written) ? written : join(dirname(runbookFile), written);
}

function readOne(file: string, at: () => Diagnostic, diagnostics: Diagnostic[], check: TemplateChecker | undefined): Record<string, unknown> | undefined {
  const source = loadYamlFile(file);
  if ('code' in source) {
    diagnostics.push({ ...at(), code: 'file-not-found', message: `vars file not found: ${file}`, hint: 'vars_files paths are relative to the runbook' });
    return undefined;
  }
  diagnostics.push(...source.diagnostics);
  if (source.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const value = source.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push({ file, line: 1, col: 1, path: '', severity: 'error', code: 'wrong-type',
      message: 'a vars file holds a mapping of variable names to values', hint: 'write `name: value` lines at the top of the file' });
    return undefined;
  }
  diagnostics.push(...checkNames(source, value as Record<string, unknown>));
  if (RELEASES_VAR in value) diagnostics.push(...checkReleasesData(source, value as Record<string, unknown>));
  // its values are templates like the runbook's own vars: checked the same way, each at its place in this file
  if (check) diagnostics.push(...check(value, 'template', { file, path: [] }));
  return value as Record<string, unknown>;
}

function checkNames(source: YamlSource, value: Readonly<Record<string, unknown>>): Diagnostic[] {
  return Object.keys(value).filter((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)).map((name) => ({
    file: source.file, ...locate(source, [name], 'key'), path: toJsonPointer([name]), severity: 'error' as const, code: 'bad-value' as const,
    message: `"${name}" is not a variable name`, hint: 'letters, digits and "_", not starting with a digit' }));
}

/**
 * Reads a runbook's `vars_files` (as Ansible's play keyword): each a YAML mapping of variables, checked
 * now (an `ipfs_cluster_releases` against its schema; with `check`, its templates), a later file winning; problems go
 * to `diagnostics`.
 */
export function readVarsFiles(runbook: { file: string; source: YamlSource }, written: readonly string[], diagnostics: Diagnostic[],
  check?: TemplateChecker): VarsFilesRead {
  const files: string[] = [];
  let vars: Record<string, unknown> = {};
  written.forEach((entry, i) => {
    const file = varsFilePath(runbook.file, entry);
    const at = (): Diagnostic => ({ file: runbook.file, ...locate(runbook.source, ['vars_files', i]), path: toJsonPointer(['vars_files', i]),
      severity: 'error', code: 'file-not-found', message: '' });
    files.push(file);
    const read = readOne(file, at, diagnostics, check);
    if (read) vars = { ...vars, ...read };
  });
  return { files, vars };
}
