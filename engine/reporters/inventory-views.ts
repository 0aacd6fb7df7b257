import type { Inventory } from '../inventory/index.js';
import { UnsafeText, VaultedValue } from '../source/index.js';
import { pyStr } from './python-text.js';

/** JSON with keys sorted at every level and 4-space indents: byte for byte how ansible-inventory prints. */
export function toAnsibleJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    // as ansible-inventory: {"__ansible_vault": ciphertext} (never the plaintext), {"__ansible_unsafe": text}
    if (v instanceof VaultedValue || v instanceof UnsafeText) return v.toJSON();
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  // Python's json module writes the non-finite floats YAML allows (.inf, .nan) as bare words
  const nonFinite = new Map<string, string>();
  const text = JSON.stringify(sort(value), (_key, v: unknown) => {
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    const word = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    const marker = `\u0000${word}\u0000`;
    nonFinite.set(JSON.stringify(marker), word);
    return marker;
  }, 4);
  return nonFinite.size ? text.replace(/"\\u0000-?\w+\\u0000"/g, (m) => nonFinite.get(m) ?? m) : text;
}

/** The value `ansible-inventory --list` prints: groups with hosts and children, and `_meta.hostvars`. */
export function inventoryList(inventory: Inventory): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const seen = new Set<string>();
  const visit = (name: string) => {
    const group = inventory.groups.get(name)!;
    const entry: Record<string, unknown> = {};
    if (name !== 'all' && group.hosts.length) entry.hosts = [...group.hosts];
    if (group.children.length) entry.children = group.children.map((c) => c.name);
    if (Object.keys(entry).length) result[name] = entry;
    for (const child of group.children) {
      if (!seen.has(child.name)) {
        seen.add(child.name);
        visit(child.name);
      }
    }
  };
  visit('all');
  const hostvars: Record<string, unknown> = {};
  for (const host of inventory.groupHosts('all')) {
    const vars = inventory.hostVars(host);
    if (Object.keys(vars).length) hostvars[host] = vars;
  }
  result._meta = { hostvars };
  return result;
}

/** The tree `ansible-inventory --graph [--vars]` prints, from `root` down. */
export function inventoryGraph(inventory: Inventory, root = 'all', options: { vars?: boolean } = {}): string {
  const lines: string[] = [];
  const line = (text: string, depth: number) => lines.push(depth ? `${'  |'.repeat(depth)}--${text}` : text);
  const vars = (values: Record<string, unknown>, depth: number) => {
    for (const key of Object.keys(values).sort()) line(`{${key} = ${pyStr(values[key])}}`, depth);
  };
  const visit = (name: string, depth: number) => {
    const group = inventory.groups.get(name)!;
    line(`@${name}:`, depth);
    for (const child of group.children) visit(child.name, depth + 1);
    if (name !== 'all') {
      for (const host of group.hosts) {
        line(host, depth + 1);
        if (options.vars) vars(inventory.hostVars(host), depth + 2);
      }
    }
    if (options.vars) vars(inventory.groupVars(name), depth + 1);
  };
  visit(root, 0);
  return lines.join('\n');
}
