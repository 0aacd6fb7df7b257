/**
 * A fast reader for the plainest YAML there is, the shape big inventories are written in: block mappings of
 * one-line keys and one-line scalars, in printable ASCII. PyYAML keeps a C loader beside its pure one for the same
 * reason. js-yaml stays the parser of record: this reader answers only when it is sure to give what js-yaml would
 * (test/source/plain-block-yaml.test.ts compares the two on every YAML file of the project and on thousands of
 * generated ones), and gives up, returning undefined, at the first thing outside that shape: lists, flow
 * collections, anchors, aliases, tags, block scalars, escapes, multi-line scalars, merge keys, duplicate keys,
 * tabs, non-ASCII text, or any indentation it does not expect. The caller then parses the text with js-yaml.
 */

/** How a plain scalar is typed (null, bool, int, float, timestamp or string): the same rules js-yaml is given. */
export type ResolvePlain = (text: string) => unknown;

/** Anything but printable ASCII and newlines: tabs, CR, control characters, a BOM, non-ASCII text. */
const OUTSIDE_ASCII = /[^\x20-\x7e\n]/;
/** Characters that cannot start a plain scalar here (YAML's indicators; `-` is allowed before a digit or a dot). */
const INDICATOR_STARTS = new Set('?:,[]{}#&*!|>%@`-'.split(''));
/** YAML limits an implicit key to 1024 characters. */
const MAX_KEY_LENGTH = 1024;

class OutsideSubset extends Error {}

function giveUp(): never {
  throw new OutsideSubset();
}

interface Level {
  readonly indent: number;
  readonly map: Record<string, unknown>;
}

const SPACE = 32;
const HASH = 35;
const COLON = 58;

/** Reads one line at a time, by offsets into the text: no line, key or value is copied until it is kept. */
class PlainBlockReader {
  private readonly stack: Level[] = [];
  /** The line being read: [start, end). */
  private start = 0;
  private end = 0;
  /** Where the value of the line's key starts, once readKey has run. */
  private valueAt = 0;

  constructor(private readonly text: string, private readonly resolve: ResolvePlain, private readonly maxDepth: number) {}

  /** The top-level mapping; throws OutsideSubset at the first line it cannot be sure of. */
  read(): Record<string, unknown> | undefined {
    const { text, stack } = this;
    let openMap: Record<string, unknown> | undefined; // the mapping of a `key:` with nothing after it yet
    let openKey = '';
    let lastIndent = 0; // the indent of the last key: a deeper line opens a mapping under it, if it is open
    for (this.start = 0; this.start < text.length; this.start = this.end + 1) {
      const newline = text.indexOf('\n', this.start);
      this.end = newline === -1 ? text.length : newline;
      let at = this.start;
      while (text.charCodeAt(at) === SPACE) at++;
      if (at === this.end || text.charCodeAt(at) === HASH) continue;
      const indent = at - this.start;
      if (indent === 0 && this.isDocumentLine()) continue;
      if (openMap && indent > lastIndent) {
        if (stack.length >= this.maxDepth) giveUp();
        const child: Record<string, unknown> = {};
        openMap[openKey] = child;
        stack.push({ indent, map: child });
      } else {
        // a line deeper than the last key (not open) matches no level: js-yaml reads it as more of the scalar, or refuses it
        while (stack.length && stack[stack.length - 1]!.indent > indent) stack.pop();
        // the top-level mapping starts at the first key, in column 1, so that it is never popped
        if (!stack.length) stack.push({ indent: indent === 0 ? 0 : giveUp(), map: {} });
        if (stack[stack.length - 1]!.indent !== indent) giveUp();
      }
      const { map } = stack[stack.length - 1]!;
      const key = this.readKey(at);
      if (key === '__proto__' || Object.hasOwn(map, key)) giveUp();
      const value = this.readValue();
      map[key] = value === undefined ? null : value;
      openMap = value === undefined ? map : undefined;
      openKey = key;
      lastIndent = indent;
    }
    return stack[0]?.map;
  }

  /** `---` before the first key is skipped; any other document marker or directive is js-yaml's job. */
  private isDocumentLine(): boolean {
    const first = this.text.charCodeAt(this.start);
    if (first !== 45 && first !== 46 && first !== 37) return false; // - . %
    if (this.text.startsWith('---', this.start) && this.end === this.start + 3 && !this.stack.length) return true;
    if (first === 37 || this.text.startsWith('---', this.start) || this.text.startsWith('...', this.start)) giveUp();
    return false;
  }

  /** A quoted scalar that ends on this line: its text; `valueAt` is left just after the closing quote. */
  private readQuoted(at: number): string {
    const { text } = this;
    if (text.charCodeAt(at) === 34) {
      const close = text.indexOf('"', at + 1);
      // multi-line, or an escape: js-yaml's job
      if (close === -1 || close >= this.end || this.indexInLine('\\', at, close) !== -1) giveUp();
      this.valueAt = close + 1;
      return text.slice(at + 1, close);
    }
    let close = text.indexOf("'", at + 1);
    while (close !== -1 && close < this.end && text.charCodeAt(close + 1) === 39) close = text.indexOf("'", close + 2);
    if (close === -1 || close >= this.end) giveUp();
    this.valueAt = close + 1;
    const inner = text.slice(at + 1, close);
    return inner.includes("''") ? inner.replaceAll("''", "'") : inner;
  }

  /** Where `search` starts in [from, to), or -1: a search that never looks past the line. */
  private indexInLine(search: string, from: number, to: number): number {
    const found = this.text.slice(from, to).indexOf(search);
    return found === -1 ? -1 : from + found;
  }

  private isIndicatorStart(at: number): boolean {
    const { text } = this;
    if (!INDICATOR_STARTS.has(text[at]!)) return false;
    const next = text.charCodeAt(at + 1);
    return !(text.charCodeAt(at) === 45 && (next === 46 || (next >= 48 && next <= 57))); // -1, -.5
  }

  /** The key at `at`; sets `valueAt`. Gives up on a key js-yaml would type or rewrite. */
  private readKey(at: number): string {
    const { text, end } = this;
    const first = text.charCodeAt(at);
    if (first === 34 || first === 39) {
      const key = this.readQuoted(at);
      const colon = this.valueAt;
      if (text.charCodeAt(colon) !== COLON || !(colon + 1 === end || text.charCodeAt(colon + 1) === SPACE)) giveUp();
      this.valueAt = colon + 1;
      return key;
    }
    if (this.isIndicatorStart(at)) giveUp();
    let colon = text.indexOf(':', at);
    while (colon !== -1 && colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE) colon = text.indexOf(':', colon + 1);
    if (colon === -1 || colon >= end) giveUp();
    let keyEnd = colon;
    while (text.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
    const key = text.slice(at, keyEnd);
    // a key that is a number, bool, null or date would become other text; `<<` merges
    if (keyEnd - at > MAX_KEY_LENGTH || key.includes(' #') || key === '<<' || this.resolve(key) !== key) giveUp();
    this.valueAt = colon + 1;
    return key;
  }

  /** The value after `key:`: undefined when nothing is written there (a nested mapping may follow, or null). */
  private readValue(): unknown {
    const { text, end } = this;
    let at = this.valueAt;
    while (text.charCodeAt(at) === SPACE) at++;
    if (at === end || text.charCodeAt(at) === HASH) return undefined;
    const first = text.charCodeAt(at);
    if (first === 34 || first === 39) {
      const value = this.readQuoted(at);
      let after = this.valueAt;
      while (text.charCodeAt(after) === SPACE) after++;
      // after the closing quote: only spaces, then perhaps a comment
      if (after !== end && !(text.charCodeAt(after) === HASH && after > this.valueAt)) giveUp();
      return value;
    }
    if (this.isIndicatorStart(at)) giveUp();
    const hash = this.indexInLine(' #', at, end);
    let valueEnd = hash === -1 ? end : hash;
    while (text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
    const value = text.slice(at, valueEnd);
    if (text.charCodeAt(valueEnd - 1) === COLON || value.includes(': ') || value === '<<') giveUp();
    return this.resolve(value);
  }
}

/**
 * The value js-yaml would read from `text`, when `text` is only block mappings of one-line plain or simply
 * quoted scalars in printable ASCII; undefined for anything else (then parse it with js-yaml).
 */
export function readPlainBlockYaml(text: string, resolve: ResolvePlain, maxDepth: number): Record<string, unknown> | undefined {
  try {
    const value = new PlainBlockReader(text, resolve, maxDepth).read();
    // checked last: most files that are not plain mappings are given up on in their first lines, unscanned
    return value === undefined || OUTSIDE_ASCII.test(text) ? undefined : value;
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}
