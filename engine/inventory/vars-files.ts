import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Diagnostic } from '../core/index.js';
import { loadYamlFile } from '../source/index.js';

const VARS_EXTENSIONS = ['', '.yml', '.yaml', '.json'];
const NO_VARS: Record<string, unknown> = Object.freeze({});

function entries(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Files of a vars folder, recursively, sorted, leaving out hidden and backup (`~`) files. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort()
    .filter((name) => !name.startsWith('.') && !name.endsWith('~'))
    .flatMap((name) => {
      const path = join(dir, name);
      if (isDirectory(path)) return filesUnder(path);
      return VARS_EXTENSIONS.includes(extname(name)) ? [path] : [];
    });
}

/**
 * The `group_vars/` and `host_vars/` folders beside one inventory source. For a name, the first
 * of `name` (file or folder), `name.yml`, `name.yaml`, `name.json` is read, as Ansible does; a
 * folder's files are merged in sorted order, later files winning key by key.
 */
export class VarsFolders {
  private readonly listed = new Map<string, Set<string>>();
  private readonly cache = new Map<string, Record<string, unknown>>();

  constructor(private readonly base: string, private readonly diagnostics: Diagnostic[]) {}

  groupVars(group: string): Record<string, unknown> {
    return this.vars('group_vars', group);
  }

  hostVars(host: string): Record<string, unknown> {
    return this.vars('host_vars', host);
  }

  private vars(kind: 'group_vars' | 'host_vars', name: string): Record<string, unknown> {
    let present = this.listed.get(kind);
    if (!present) this.listed.set(kind, (present = entries(join(this.base, kind))));
    // most inventories have no host_vars/: 10,000 hosts then cost no path or cache entry each
    if (!present.size) return NO_VARS;
    const key = `${kind}/${name}`;
    let vars = this.cache.get(key);
    if (vars) return vars;
    const dir = join(this.base, kind);
    const found = VARS_EXTENSIONS.map((ext) => name + ext).find((candidate) => present.has(candidate));
    vars = {};
    if (found) {
      const path = join(dir, found);
      for (const file of isDirectory(path) ? filesUnder(path) : [path]) Object.assign(vars, this.read(file));
    }
    this.cache.set(key, vars);
    return vars;
  }

  private read(file: string): Record<string, unknown> {
    const source = loadYamlFile(file);
    if ('code' in source) {
      this.diagnostics.push(source);
      return {};
    }
    this.diagnostics.push(...source.diagnostics);
    const value = source.value;
    if (value == null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.diagnostics.push({ file, line: 1, col: 1, code: 'inventory', severity: 'error', path: '',
        message: 'a vars file must hold a mapping of variable names to values' });
      return {};
    }
    return value as Record<string, unknown>;
  }
}
