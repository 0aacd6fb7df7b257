import { toJsonPointer, type Diagnostic } from '../core/index.js';
import { isPlainString, isQuotedKey, locate, type YamlSource } from '../source/index.js';
import { forEachHost } from './host-range.js';
import { GroupCycleError, type GroupData, type InventoryData } from './inventory-data.js';

type Path = readonly (string | number)[];
type Section = Record<string, unknown> | null;

/** Ansible accepts `hosts: web1` for `hosts: {web1: }`. */
function asSection(value: unknown): Section {
  if (typeof value === 'string') return { [value]: null };
  return (value ?? null) as Section;
}

class YamlInventoryReader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly source: YamlSource, private readonly data: InventoryData) {}

  private fail(path: Path, message: string, hint?: string): void {
    this.diagnostics.push({ file: this.source.file, ...locate(this.source, path, 'key'), code: 'inventory',
      severity: 'error', message, path: toJsonPointer(path), ...(hint ? { hint } : {}) });
  }

  /** Reads one group, depth first, in the order its keys were written, as Ansible's yaml plugin does. */
  group(name: string, body: unknown, path: Path): GroupData {
    const group = this.data.addGroup(name, { file: this.source.file, path, at: 'key' });
    for (const [key, raw] of Object.entries((body ?? {}) as Record<string, unknown>)) {
      const section = asSection(raw) ?? {};
      if (key === 'vars') {
        for (const [k, v] of Object.entries(section)) this.data.setGroupVar(group, k, v);
      } else if (key === 'children') {
        for (const [childName, childBody] of Object.entries(section)) this.child(group, childName, childBody, [...path, key, childName]);
      } else if (key === 'hosts') {
        // keys, not entries: a group may list thousands of hosts
        // concat makes the path just long enough; a spread leaves room for more in each of them
        for (const pattern of Object.keys(section)) this.hosts(group, pattern, section[pattern], path.concat(key, pattern));
      }
    }
    return group;
  }

  private child(parent: GroupData, name: string, body: unknown, path: Path): void {
    const child = this.group(name, body, path);
    try {
      this.data.addChild(parent, child);
    } catch (error) {
      if (!(error instanceof GroupCycleError)) throw error;
      this.fail(path, error.message, 'a group cannot be its own ancestor');
    }
  }

  private hosts(group: GroupData, pattern: string, vars: unknown, path: Path): void {
    if (!isPlainString(pattern) && !isQuotedKey(this.source, path)) {
      this.fail(path, `host "${pattern}" is read by YAML as a ${/^\d/.test(pattern) ? 'number' : 'value'}, not a host name`,
        `put it in quotes: "${pattern}":`);
      return;
    }
    const problem = forEachHost(pattern, this.data.maxHosts, (name, port) => {
      const isNew = !this.data.hosts.has(name);
      const host = this.data.addHost(name, group, { file: this.source.file, path, at: 'key' });
      if (isNew && port !== undefined) host.vars.ansible_port = port;
      Object.assign(host.vars, vars ?? {});
    });
    if (problem) this.fail(path, problem);
  }
}

/** Reads an Ansible YAML inventory (already schema-checked) into `data`; returns its problems. */
export function parseYamlInventory(source: YamlSource, data: InventoryData): Diagnostic[] {
  const reader = new YamlInventoryReader(source, data);
  for (const [name, body] of Object.entries((source.value ?? {}) as Record<string, unknown>)) {
    reader.group(name, body, [name]);
  }
  return reader.diagnostics;
}
