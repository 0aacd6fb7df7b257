import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import type { SourcePosition } from '../core/index.js';
import type { YamlSource } from './yaml-source.js';

/** The `yaml` package's document, with node positions: parsed only when a position is asked for. */
interface Positional {
  readonly doc: Document;
  readonly lines: LineCounter;
}

const positional = new WeakMap<YamlSource, Positional>();

type YamlPackage = typeof import('yaml');
let yamlPackage: YamlPackage | undefined;

/** The `yaml` package, loaded on first use: only a line:col needs it, and loading it adds ~50 ms to every start. */
function positionalParser(): YamlPackage {
  yamlPackage ??= createRequire(import.meta.url)('yaml') as YamlPackage;
  return yamlPackage;
}

/** 1-based line and column of a byte offset into text already decoded. */
export function positionOf(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, col };
}

/** The positional document of a source (cached per loaded source), or of text alone. */
export function positionsOf(source: Pick<YamlSource, 'text'> & Partial<YamlSource>): Positional {
  const cached = source.file !== undefined ? positional.get(source as YamlSource) : undefined;
  if (cached) return cached;
  const { LineCounter, parseDocument } = positionalParser();
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { version: '1.1', prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (source.file !== undefined) positional.set(source as YamlSource, { doc, lines });
  return { doc, lines };
}

/** The node at a path of keys and indices, or the deepest existing ancestor. */
function nodeAt(doc: Document, path: readonly (string | number)[], at: 'key' | 'value'): Node | undefined {
  const { isMap, isNode, isPair, isScalar, isSeq } = positionalParser();
  let node: unknown = doc.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (const [i, step] of path.entries()) {
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && (String(p.key.value) === String(step) || p.key.source === step));
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
  const { doc, lines } = positionsOf(source);
  const offset = nodeAt(doc, path, at)?.range?.[0];
  return offset === undefined ? { line: 1, col: 1 } : positionOf(lines, offset);
}

/** Whether the key at `path` was written in quotes (so its text is a string whatever it looks like). */
export function isQuotedKey(source: YamlSource, path: readonly (string | number)[]): boolean {
  const node = nodeAt(positionsOf(source).doc, path, 'key');
  return positionalParser().isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
}
