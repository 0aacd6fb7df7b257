import { UnsafeText, VaultedValue } from '../source/index.js';
import type { Inventory } from './inventory.js';

/** Written out once this many characters are waiting, at the end of a line. */
const CHUNK_CHARS = 64 * 1024;

/** Text to a writer in chunks that each end with a newline; the last chunk has none. */
class ChunkedText {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (chunk: string) => void) {}

  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** Called at the end of each line: passes the waiting text on once there is enough of it. */
  endLine(): void {
    this.add('\n');
    if (this.size >= CHUNK_CHARS) this.flush();
  }

  flush(): void {
    if (this.parts.length) this.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** A copy with keys sorted at every level, vaulted and unsafe values as ansible-inventory shows them. */
function sortedCopy(value: unknown, found: { hasNonFinite: boolean }): unknown {
  // as ansible-inventory: {"__ansible_vault": ciphertext} (never the plaintext), {"__ansible_unsafe": text}
  if (value instanceof VaultedValue || value instanceof UnsafeText) return value.toJSON();
  if (typeof value === 'number' && !Number.isFinite(value)) found.hasNonFinite = true;
  if (Array.isArray(value)) return value.map((item) => sortedCopy(item, found));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) copy[key] = sortedCopy(record[key], found);
  return copy;
}

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** Whether JSON.stringify writes this value as it would on its own, with nothing to sort, skip or rewrite. */
function isPlainScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || value === null || (typeof value === 'number' && Number.isFinite(value));
}

/** A flat mapping written line by line: its keys sorted, and for each the line `${indent}    "key": value`. */
interface FlatLines {
  readonly keys: readonly string[];
  readonly lines: readonly string[];
}

/**
 * The lines of the common mapping (a host's variables): scalar values only, so it is written key by key, without
 * the sorted copy. Undefined when the value is anything else, or has a key that looks like an array index
 * (JSON.stringify writes those first, in numeric order).
 */
function flatLines(value: unknown, indent: string): FlatLines | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const lines: string[] = [];
  for (const key of keys) {
    const item = record[key];
    const start = isPlainScalar(item) ? lineStart(key, indent) : null;
    if (start === null) return undefined;
    lines.push(start + JSON.stringify(item));
  }
  return { keys, lines };
}

/** jsonText of a flat mapping with at least one key; undefined for any other value. */
function flatJsonText(value: unknown, indent: string): string | undefined {
  const flat = flatLines(value, indent);
  return flat?.lines.length ? `{\n${flat.lines.join(',\n')}\n${indent}}` : undefined;
}

/**
 * How the hosts that share their groups' lines and the names of their own variables are written: the fixed text
 * around each own value, made once. `texts` has one more entry than `slots`; between texts[i] and texts[i + 1]
 * comes the value of own key `slots[i]` (an index into the own keys as Object.keys lists them).
 */
interface HostTemplate {
  readonly texts: readonly string[];
  readonly slots: readonly number[];
}

/**
 * The template of a host with these groups' lines (`base`) and these own keys (in Object.keys order): both sets of
 * lines as one JSON object, keys sorted, an own key winning where both have it; `close` ends it. Undefined when an
 * own key looks like an array index (JSON.stringify writes those first).
 */
function hostTemplate(base: FlatLines, ownKeys: readonly string[], indent: string, close: string): HostTemplate | undefined {
  const own = ownKeys.map((key, slot) => ({ key, slot, start: lineStart(key, indent) })).sort((a, b) => (a.key < b.key ? -1 : 1));
  if (own.some((entry) => entry.start === null)) return undefined;
  if (!base.keys.length && !own.length) return { texts: ['{}'], slots: [] };
  const texts: string[] = [];
  const slots: number[] = [];
  let text = '';
  let separator = '{\n';
  for (let i = 0, j = 0; i < base.keys.length || j < own.length;) {
    const ours = base.keys[i];
    const theirs = own[j];
    text += separator;
    separator = ',\n';
    if (theirs === undefined || (ours !== undefined && ours < theirs.key)) {
      text += base.lines[i++]!;
      continue;
    }
    if (ours === theirs.key) i++;
    texts.push(text + theirs.start!);
    slots.push(theirs.slot);
    text = '';
    j++;
  }
  texts.push(text + close);
  return { texts, slots };
}

// every host repeats the same few variable names: each one's `    "name": ` is made once per indent
const lineStarts = new Map<string, Map<string, string | null>>();

/** `${indent}    "key": `, or null for a key that looks like an array index (JSON.stringify writes those first). */
function lineStart(key: string, indent: string): string | null {
  let starts = lineStarts.get(indent);
  if (!starts) lineStarts.set(indent, (starts = new Map()));
  let start = starts.get(key);
  if (start === undefined) {
    if (starts.size >= 10_000) starts.clear();
    starts.set(key, (start = ARRAY_INDEX.test(key) ? null : `${indent}    ${JSON.stringify(key)}: `));
  }
  return start;
}

/** JSON.stringify(value, null, 4), keys sorted, each line after the first indented by `indent`. */
function jsonText(value: unknown, indent: string): string {
  const flat = flatJsonText(value, indent);
  if (flat !== undefined) return flat;
  const found = { hasNonFinite: false };
  const copy = sortedCopy(value, found);
  // Python's json module writes the non-finite floats YAML allows (.inf, .nan) as bare words
  let text = found.hasNonFinite
    ? JSON.stringify(copy, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}\u0000` : v), 4)
      .replace(/"\\u0000(-?Infinity|NaN)\\u0000"/g, '$1')
    : JSON.stringify(copy, null, 4);
  if (indent) text = text.replace(/\n/g, `\n${indent}`);
  return text;
}

/** The entries of a mapping, one per line at this indent; each value written by `writeValue`. */
function writeEntries(out: ChunkedText, names: readonly string[], indent: string, writeValue: (name: string) => void): void {
  if (!names.length) {
    out.add('{}');
    return;
  }
  out.add('{');
  names.forEach((name, i) => {
    out.endLine();
    out.add(`${indent}    ${JSON.stringify(name)}: `);
    writeValue(name);
    if (i < names.length - 1) out.add(',');
  });
  out.endLine();
  out.add(`${indent}}`);
}

/** The groups `--list` shows, by name: those reached from `all`, each with its hosts and children. */
function listedGroups(inventory: Inventory): Map<string, Record<string, unknown>> {
  const result = new Map<string, Record<string, unknown>>();
  const seen = new Set<string>(['all']);
  const visit = (name: string) => {
    const group = inventory.groups.get(name)!;
    const entry: Record<string, unknown> = {};
    if (name !== 'all' && group.hosts.length) entry.hosts = group.hosts;
    if (group.children.length) entry.children = group.children.map((c) => c.name);
    if (Object.keys(entry).length) result.set(name, entry);
    for (const child of group.children) if (!seen.has(child.name)) (seen.add(child.name), visit(child.name));
  };
  visit('all');
  return result;
}

/**
 * Writes what `ansible-inventory --list` prints (groups, then `_meta.hostvars`, keys sorted, 4-space indents),
 * byte for byte as `toAnsibleJson(inventoryList(inventory))`, but as it goes: in chunks of about 64 KB that end
 * with a newline (the last has none), a host's variables made into text only when their turn comes.
 */
export function writeInventoryList(inventory: Inventory, write: (chunk: string) => void): void {
  const out = new ChunkedText(write);
  const groups = listedGroups(inventory);
  const names = [...groups.keys()].filter((name) => name !== '_meta').concat('_meta').sort();
  writeEntries(out, names, '', (name) => (name === '_meta' ? writeMeta(out, inventory) : out.add(jsonText(groups.get(name), '    '))));
  out.flush();
}

/** `{"hostvars": {…}}`: each host's variables made into text when its turn comes; hosts without any are left out. */
function writeMeta(out: ChunkedText, inventory: Inventory): void {
  const indent = '            ';
  const close = `\n${indent}}`;
  // most hosts share their group-level variables with many others: those lines are made once per set of groups,
  // and the text around a host's own values once per set of groups and names of own variables
  const sharedLines = new Map<object, FlatLines | undefined>();
  const templates = new Map<FlatLines, Map<string, HostTemplate | undefined>>();
  const templateOf = (base: FlatLines, ownKeys: readonly string[]): HostTemplate | undefined => {
    let byKeys = templates.get(base);
    if (!byKeys) templates.set(base, (byKeys = new Map()));
    const signature = ownKeys.join('\u0000');
    if (!byKeys.has(signature)) byKeys.set(signature, hostTemplate(base, ownKeys, indent, close));
    return byKeys.get(signature);
  };
  out.add('{');
  out.endLine();
  out.add('        "hostvars": {');
  let isFirst = true;
  for (const host of [...inventory.groupHosts('all')].sort()) {
    const { shared, own } = inventory.hostVarLayers(host);
    if (!sharedLines.has(shared)) sharedLines.set(shared, flatLines(shared, indent));
    const base = sharedLines.get(shared);
    const ownKeys = Object.keys(own);
    if (base?.keys.length === 0 && !ownKeys.length) continue;
    if (!isFirst) out.add(',');
    isFirst = false;
    out.endLine();
    out.add(`${indent}${JSON.stringify(host)}: `);
    const template = base && ownKeys.every((key) => isPlainScalar(own[key])) ? templateOf(base, ownKeys) : undefined;
    out.add(template ? fillTemplate(template, own, ownKeys) : jsonText(inventory.hostVars(host), indent));
  }
  if (isFirst) {
    out.add('}');
  } else {
    out.endLine();
    out.add('        }');
  }
  out.endLine();
  out.add('    }');
}

/** A host's text from its template: the fixed texts with the host's own values between them. */
function fillTemplate(template: HostTemplate, own: Readonly<Record<string, unknown>>, ownKeys: readonly string[]): string {
  const { texts, slots } = template;
  let text = texts[0]!;
  for (let i = 0; i < slots.length; i++) text += JSON.stringify(own[ownKeys[slots[i]!]!]) + texts[i + 1]!;
  return text;
}
