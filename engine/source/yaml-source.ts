import { readFileSync, statSync } from 'node:fs';
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import type { Diagnostic, DiagnosticCode, SourcePosition } from '../core/index.js';
import { ANSIBLE_YAML_OPTIONS } from './ansible-yaml.js';

/** A YAML file parsed with positions kept, plus every problem the parser saw. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly diagnostics: readonly Diagnostic[];
}

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

/** 1-based line and column of a byte offset into text already decoded. */
function positionOf(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, col };
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
  return typeof text === 'string' ? parseYamlText(file, text) : text;
}

/** Parses YAML text already in memory; see loadYamlFile. */
export function parseYamlText(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...ANSIBLE_YAML_OPTIONS, lineCounter: lines });
  const diagnostics = [...doc.errors, ...doc.warnings].map((err): Diagnostic => {
    const known = YAML_CODES[err.code];
    const at = positionOf(lines, err.pos[0]);
    const message = err.code === 'DUPLICATE_KEY'
      ? `duplicate key "${keyTextAt(text, err.pos[0])}"`
      : err.message.replace(/\.$/, '');
    return {
      file, ...at, path: '', message,
      code: known?.code ?? 'yaml-syntax',
      severity: err.name === 'YAMLWarning' ? 'warning' : 'error',
      ...(known?.hint ? { hint: known.hint } : {}),
    };
  });
  return { file, text, doc, lines, diagnostics };
}

/** The node at a path of keys and indices, or the deepest existing ancestor. */
function nodeAt(doc: Document, path: readonly (string | number)[], at: 'key' | 'value'): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (const [i, step] of path.entries()) {
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return found;
      const target = isLast && at === 'key' ? pair.key : (pair.value ?? pair.key);
      if (isNode(target)) found = target;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      if (!isNode(node)) return found;
      found = node;
    } else {
      return found;
    }
  }
  return found;
}

/** Where the value (or its key) at `path` starts in the source; the document start if absent. */
export function locate(source: YamlSource, path: readonly (string | number)[], at: 'key' | 'value' = 'value'): SourcePosition {
  const node = nodeAt(source.doc, path, at);
  const offset = node?.range?.[0];
  return offset === undefined ? { line: 1, col: 1 } : positionOf(source.lines, offset);
}
