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

// Python's json module writes the non-finite floats YAML allows (.inf, .nan) as bare words
function numberText(n: number): string {
  if (Number.isFinite(n)) return JSON.stringify(n);
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

/** One value as JSON.stringify(value, null, 4) writes it at this indent, keys sorted, as ansible-inventory does. */
function writeValue(out: ChunkedText, raw: unknown, indent: string): void {
  // as ansible-inventory: {"__ansible_vault": ciphertext} (never the plaintext), {"__ansible_unsafe": text}
  const value = raw instanceof VaultedValue || raw instanceof UnsafeText ? raw.toJSON() : raw;
  if (typeof value === 'string') out.add(JSON.stringify(value));
  else if (typeof value === 'number') out.add(numberText(value));
  else if (value === null || typeof value !== 'object') out.add(value === undefined ? 'null' : String(value));
  else if (Array.isArray(value)) writeItems(out, '[', ']', value.map((item) => [undefined, item] as const), indent);
  else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    writeItems(out, '{', '}', keys.map((k) => [k, record[k]] as const), indent);
  }
}

function writeItems(out: ChunkedText, open: string, close: string, items: readonly (readonly [string | undefined, unknown])[], indent: string): void {
  if (!items.length) {
    out.add(open + close);
    return;
  }
  const inner = `${indent}    `;
  out.add(open);
  items.forEach(([key, item], i) => {
    out.endLine();
    out.add(key === undefined ? inner : `${inner}${JSON.stringify(key)}: `);
    writeValue(out, item, inner);
    if (i < items.length - 1) out.add(',');
  });
  out.endLine();
  out.add(indent + close);
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
 * with a newline (the last has none), without building the whole document first.
 */
export function writeInventoryList(inventory: Inventory, write: (chunk: string) => void): void {
  const out = new ChunkedText(write);
  const groups = listedGroups(inventory);
  const names = [...groups.keys()].filter((name) => name !== '_meta').concat('_meta').sort();
  out.add('{');
  names.forEach((name, i) => {
    out.endLine();
    out.add(`    ${JSON.stringify(name)}: `);
    if (name === '_meta') writeHostVars(out, inventory);
    else writeValue(out, groups.get(name), '    ');
    if (i < names.length - 1) out.add(',');
  });
  out.endLine();
  out.add('}');
  out.flush();
}

function writeHostVars(out: ChunkedText, inventory: Inventory): void {
  const hosts = inventory.groupHosts('all').filter((host) => Object.keys(inventory.hostVars(host)).length > 0);
  out.add('{');
  out.endLine();
  out.add('        "hostvars": ');
  writeItems(out, '{', '}', [...hosts].sort().map((host) => [host, inventory.hostVars(host)] as const), '        ');
  out.endLine();
  out.add('    }');
}
