import { readFileSync, statSync } from 'node:fs';
import jsyaml from 'js-yaml';
import { toJsonPointer, type Diagnostic, type DiagnosticCode, type SourcePosition, type SourceRef, type SourceSpan } from '../core/index.js';
import { ANSIBLE_YAML_SCHEMA, resolvePlainScalar } from './ansible-yaml.js';
import { readPlainBlockYaml } from './plain-block-yaml.js';
import { locate, positionOf, positionsOf } from './yaml-positions.js';
import { checkValueBounds, MAX_NESTING_DEPTH, type BoundsProblem } from './value-bounds.js';
import { isVaultText, VaultFailure } from './vault-cipher.js';
import { vaultKeyring, VaultedValue } from './vaulted-value.js';

/**
 * A YAML file: its text, its value typed as Ansible types it, and every problem found.
 * `value` is undefined when the file could not be parsed.
 */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

const loaded = new Map<string, YamlSource>();

/** Files larger than this are refused before parsing: no runbook or inventory is that big. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

const YAML_CODES: Record<string, { code: DiagnosticCode; hint?: string }> = {
  DUPLICATE_KEY: { code: 'duplicate-key', hint: 'remove or rename one of the two keys' },
  TAB_AS_INDENT: { code: 'yaml-syntax', hint: 'indent with spaces: YAML does not allow tabs' },
  BAD_INDENT: { code: 'yaml-syntax', hint: 'check the indentation of this line against its parent' },
};

function fileDiagnostic(
  file: string,
  code: DiagnosticCode,
  message: string,
  at: SourcePosition = { line: 1, col: 1 },
  hint?: string,
): Diagnostic {
  return { file, ...at, code, severity: 'error', message, path: '', ...(hint ? { hint } : {}) };
}

/** The text of the mapping key starting at offset (the parser's error range covers only its first character). */
function keyTextAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  return quoted ? quoted[2]! : (/^[^:\n,}]*/.exec(rest)?.[0] ?? '').trim();
}

function decode(file: string, bytes: Buffer): string | Diagnostic {
  const nul = bytes.indexOf(0);
  try {
    if (nul >= 0) throw new Error('NUL byte');
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const good = new TextDecoder('utf-8').decode(bytes.subarray(0, nul >= 0 ? nul : undefined));
    const before = good.split('\n');
    const at = { line: before.length, col: (before.at(-1) ?? '').length + 1 };
    return fileDiagnostic(file, 'binary-file', 'this is a binary file, not YAML text', at,
      'check the path: runbooks and inventories are UTF-8 text files');
  }
}

/**
 * Reads and parses one YAML file, typing scalars as Ansible does. Never throws for a bad file:
 * a missing, binary, oversized or malformed file comes back with diagnostics.
 */
export function loadYamlFile(file: string): YamlSource | Diagnostic {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return fileDiagnostic(file, 'file-not-found', 'file not found');
  }
  if (size > MAX_SOURCE_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return fileDiagnostic(file, 'file-too-large', `file is ${mb(size)}, over the ${mb(MAX_SOURCE_BYTES)} limit`,
      undefined, 'check the path: this does not look like a runbook or an inventory');
  }
  const text = decode(file, readFileSync(file));
  if (typeof text !== 'string') return text;
  return isVaultText(text) ? parseVaultFile(file, text) : parseYamlText(file, text);
}

/** A wholly encrypted file (`ansible-vault encrypt`): needs its password now, as in Ansible. */
function parseVaultFile(file: string, text: string): YamlSource | Diagnostic {
  let plaintext: string;
  try {
    plaintext = vaultKeyring.decrypt(text);
  } catch (error) {
    if (!(error instanceof VaultFailure)) throw error;
    const message = error.reason === 'no-password' ? 'this file is vault-encrypted and no vault password was given'
      : `cannot decrypt this vault-encrypted file: ${error.message}`;
    return fileDiagnostic(file, 'vault', message, undefined, error.reason === 'no-password'
      ? 'give the vault password: --vault-password-file FILE, --vault-id [label@]FILE, or ANSIBLE_VAULT_PASSWORD_FILE'
      : 'check the vault password file: it is not the one this file was encrypted with');
  }
  const source = parseYamlText(file, plaintext);
  rememberStrings(source.value);
  return source;
}

/** Every string of a decrypted file is a secret: the whole file was. */
function rememberStrings(value: unknown): void {
  if (typeof value === 'string') vaultKeyring.remember(value);
  else if (value && typeof value === 'object') Object.values(value).forEach(rememberStrings);
}

/** Tells each `!vault` value where it was written, for the error if it is used without its password. */
function locateVaulted(source: YamlSource, value: unknown, path: (string | number)[]): void {
  if (value instanceof VaultedValue) {
    const name = [...path].reverse().find((step): step is string => typeof step === 'string');
    value.locate({ file: source.file, ...locate(source, path, 'key'), name });
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) locateVaulted(source, child, [...path, Array.isArray(value) ? Number(key) : key]);
  }
}

function syntaxDiagnostics(file: string, text: string, error: unknown): Diagnostic[] {
  const { doc, lines } = positionsOf({ text });
  const found = doc.errors.map((err): Diagnostic => {
    const known = YAML_CODES[err.code];
    const message = err.code === 'DUPLICATE_KEY'
      ? `duplicate key "${keyTextAt(text, err.pos[0])}"`
      : err.message.replace(/\.$/, '');
    return { file, ...positionOf(lines, err.pos[0]), path: '', message, code: known?.code ?? 'yaml-syntax',
      severity: 'error', ...(known?.hint ? { hint: known.hint } : {}) };
  });
  if (found.length || !(error instanceof jsyaml.YAMLException)) return found;
  // the two parsers disagree: report what the one that failed said
  const { line, column } = error.mark;
  return [{ file, line: line + 1, col: column + 1, path: '', code: 'yaml-syntax', severity: 'error', message: error.reason }];
}

/**
 * Parses YAML text already in memory; see loadYamlFile. The fast parser (js-yaml) reads every
 * file; the `yaml` package, which keeps positions, is run only when a position is needed.
 */
export function parseYamlText(file: string, text: string): YamlSource {
  let source: YamlSource;
  try {
    // maxDepth: js-yaml 4.3 reads it, its types do not list it yet
    const options: jsyaml.LoadOptions & { maxDepth: number } = { schema: ANSIBLE_YAML_SCHEMA, filename: file, json: false, maxDepth: MAX_NESTING_DEPTH };
    // the plainest files (big inventories) are read by a faster reader that gives up on anything js-yaml must see
    const value = readPlainBlockYaml(text, resolvePlainScalar, MAX_NESTING_DEPTH) ?? jsyaml.load(text, options);
    source = { file, text, value, diagnostics: [] };
    // with no anchor (&name) there is no alias to expand: skip the walk
    const problem = text.includes('&') ? checkValueBounds(value) : undefined;
    if (problem) source = { file, text, value: undefined, diagnostics: [boundsDiagnostic(source, problem)] };
    else if (text.includes('!vault')) locateVaulted(source, value, []);
  } catch (error) {
    source = { file, text, value: undefined, diagnostics: isTooDeep(error)
      ? [tooDeepDiagnostic(file, error)] : syntaxDiagnostics(file, text, error) };
  }
  loaded.set(file, source);
  return source;
}

function boundsDiagnostic(source: YamlSource, problem: BoundsProblem): Diagnostic {
  let at: SourcePosition = { line: 1, col: 1 };
  try {
    at = locate(source, problem.path);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error; // too deep for the positional parser too
  }
  return { ...fileDiagnostic(source.file, 'bad-value', problem.message, at, problem.hint), path: toJsonPointer(problem.path) };
}

/** js-yaml stops at maxDepth; the positional parser would only say "Maximum call stack size exceeded". */
function isTooDeep(error: unknown): error is jsyaml.YAMLException {
  return error instanceof jsyaml.YAMLException && error.reason.startsWith('nesting exceeded maxDepth');
}

function tooDeepDiagnostic(file: string, error: jsyaml.YAMLException): Diagnostic {
  return fileDiagnostic(file, 'yaml-syntax', `mappings and lists nest deeper than ${MAX_NESTING_DEPTH} levels`,
    { line: error.mark.line + 1, col: error.mark.column + 1 },
    'no runbook or inventory needs that depth: check for a runaway indentation or bracket');
}

/** Where a reference points, for a message: the file is re-read if it is not among those loaded. */
export function spanOf(ref: SourceRef): SourceSpan {
  let source = loaded.get(ref.file);
  if (!source) {
    const read = loadYamlFile(ref.file);
    if ('code' in read) return { file: ref.file, line: 1, col: 1 };
    source = read;
  }
  return { file: ref.file, ...locate(source, ref.path, ref.at ?? 'value') };
}
