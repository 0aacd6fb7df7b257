import { readdirSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { invalidInput, sortDiagnostics, type Diagnostic } from '../core/index.js';
// the file, not the folder's index: an inventory needs none of the plan schemas' compiled checks
import { validateWithSchema } from '../schema/validate-schema.js';
import { asWritten, findFile, loadYamlFile, type YamlSource } from '../source/index.js';
import { hostNameProblem } from './host-name.js';
import { DEFAULT_MAX_HOSTS, forEachHost } from './host-range.js';
import { Inventory } from './inventory.js';
import { InventoryData } from './inventory-data.js';
import { check as passesInventorySchema } from './inventory-schema-check.js';
import { parseIniInventory } from './parse-ini-inventory.js';
import { parseYamlInventory } from './parse-yaml-inventory.js';
import { VarsFolders } from './vars-files.js';

// Ansible's INVENTORY_IGNORE_EXTS and IGNORED_ALWAYS, for files inside an inventory folder.
const IGNORED_EXTENSIONS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];
const IGNORED_NAMES = /^(?:\..*|host_vars|group_vars|vars_plugins)$/;

function isDirectory(path: string): boolean {
  return statSync(path).isDirectory();
}

function filesOf(dir: string): string[] {
  return readdirSync(dir).sort()
    .filter((name) => !IGNORED_NAMES.test(name) && !IGNORED_EXTENSIONS.some((ext) => name.endsWith(ext)))
    .flatMap((name) => (isDirectory(join(dir, name)) ? filesOf(join(dir, name)) : [join(dir, name)]));
}

/**
 * `-i a,b:2222,web[1:3],` — hosts separated by commas, all ungrouped, ranges expanded as Ansible's
 * advanced_host_list plugin does (its default host_list would keep `web[1:3]` as one name).
 */
function readHostList(spec: string, data: InventoryData, diagnostics: Diagnostic[]): void {
  const ungrouped = data.addGroup('ungrouped');
  let offset = 0;
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    const col = offset + raw.indexOf(item) + 1;
    offset += raw.length + 1;
    if (!item) continue;
    const fail = (message: string, hint?: string) =>
      diagnostics.push({ file: spec, line: 1, col, code: 'inventory', severity: 'error', message, path: '', ...(hint ? { hint } : {}) });
    const problem = hostNameProblem(item);
    if (problem) {
      fail(problem.message, problem.hint);
      continue;
    }
    const problemWithRange = forEachHost(item, data.maxHosts, (name, port) => {
      if (data.hosts.has(name)) return;
      const host = data.addHost(name, ungrouped);
      if (port !== undefined) host.vars.ansible_port = port;
    });
    if (problemWithRange) fail(problemWithRange);
  }
}

function isYamlInventory(file: string, source: YamlSource): boolean {
  const ext = extname(file);
  if (['.yml', '.yaml', '.json'].includes(ext)) return true;
  if (ext === '.ini') return false;
  // no telling suffix: YAML if it reads as a YAML mapping, else INI (Ansible tries yaml, then ini)
  const value = source.value;
  return source.diagnostics.length === 0 && typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFile(file: string, data: InventoryData, diagnostics: Diagnostic[]): void {
  const source = loadYamlFile(file);
  if ('code' in source) {
    diagnostics.push(source);
    return;
  }
  if (!isYamlInventory(file, source)) {
    diagnostics.push(...parseIniInventory(file, source.text, data));
    return;
  }
  diagnostics.push(...source.diagnostics);
  if (source.diagnostics.length || source.value == null) return;
  // `!vault` and `!unsafe` values are objects: the schema sees them as the strings they were written as
  const tagged = source.text.includes('!vault') || source.text.includes('!unsafe');
  const value = tagged ? asWritten(source.value) : source.value;
  // the check compiled at build time answers yes or no; ajv is loaded only to say what is wrong
  const problems = passesInventorySchema(value) ? [] : validateWithSchema(source, value, { schema: 'inventory' });
  diagnostics.push(...problems);
  if (!problems.length) diagnostics.push(...parseYamlInventory(source, data));
}

export interface LoadInventoryOptions {
  /** The most hosts the inventories may hold, together (`--max-hosts`); DEFAULT_MAX_HOSTS if not given. */
  readonly maxHosts?: number | undefined;
}

/**
 * Loads inventories as `-i` gives them (files, folders, or comma lists of hosts; several
 * allowed), with the group_vars/ and host_vars/ beside each. A file not found as given is looked
 * up in `inventories/`. Throws an `invalid-input` EngineError listing every problem, including
 * a range or a total past `maxHosts`.
 */
export function loadInventory(specs: readonly string[], cwd = process.cwd(), options: LoadInventoryOptions = {}): Inventory {
  const data = new InventoryData(options.maxHosts ?? DEFAULT_MAX_HOSTS);
  const diagnostics: Diagnostic[] = [];
  const folders: VarsFolders[] = [];
  for (const spec of specs) {
    let path: string | undefined;
    try {
      path = findFile(spec, 'inventories', 'inventory', cwd);
    } catch (error) {
      if (!spec.includes(',')) throw error;
    }
    data.source = path ?? spec;
    if (!path) {
      readHostList(spec, data, diagnostics);
      continue;
    }
    const isDir = isDirectory(path);
    for (const file of isDir ? filesOf(path) : [path]) {
      data.source = file;
      readFile(file, data, diagnostics);
    }
    folders.push(new VarsFolders(isDir ? path : dirname(path), diagnostics));
  }
  data.reconcile();
  const inventory = new Inventory(data, folders);
  // vars files are read lazily; read them all now so that their errors are reported up front
  inventory.readVarsFiles();
  if (diagnostics.some((d) => d.severity === 'error')) throw invalidInput(sortDiagnostics(diagnostics));
  return inventory;
}
