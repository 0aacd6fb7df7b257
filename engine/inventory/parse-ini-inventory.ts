import type { Diagnostic, DiagnosticCode } from '../core/index.js';
import { forEachHost } from './host-range.js';
import { hostNameProblem } from './host-name.js';
import { GroupCycleError, type GroupData, type InventoryData } from './inventory-data.js';
import { parsePythonLiteral } from './python-literal.js';
import { shlexSplit, ShlexError } from '../core/index.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;

interface Pending {
  readonly line: number;
  readonly state: 'vars' | 'children';
  readonly parents: GroupData[];
}

/**
 * Reads an Ansible INI inventory into `data`, as Ansible's ini plugin does: host lines are
 * shell-split and their values read as Python literals; `[g:vars]` values are split at the first
 * `=` and read as Python literals with their quotes. Returns every problem found.
 */
export function parseIniInventory(file: string, text: string, data: InventoryData): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const fail = (line: number, col: number, code: DiagnosticCode, message: string, hint?: string) =>
    diagnostics.push({ file, line, col, code, message, severity: 'error', path: '', ...(hint ? { hint } : {}) });
  const pending = new Map<string, Pending>();
  let group = data.addGroup('ungrouped');
  let state = 'hosts';
  const attach = (parents: readonly GroupData[], child: GroupData, lineNo: number) => {
    for (const parent of parents) {
      try {
        data.addChild(parent, child);
      } catch (error) {
        if (!(error instanceof GroupCycleError)) throw error;
        fail(lineNo, 1, 'inventory', error.message, 'a group cannot be its own ancestor');
      }
    }
  };

  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const lineNo = index + 1;
    const line = raw.trim();
    const col = raw.indexOf(line[0] ?? '') + 1;
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = SECTION.exec(line);
    if (section) {
      const [, name = '', kind = 'hosts'] = section;
      if (!['hosts', 'children', 'vars'].includes(kind)) {
        fail(lineNo, col, 'inventory', `section [${name}:${kind}] has an unknown type "${kind}"`, 'use [group], [group:vars] or [group:children]');
        continue;
      }
      if (!data.groups.has(name) && kind === 'vars' && !pending.has(name)) pending.set(name, { line: lineNo, state: 'vars', parents: [] });
      group = data.addGroup(name);
      state = kind;
      const waiting = pending.get(name);
      if (waiting && kind !== 'vars') {
        // a group named under [parent:children] before its own section joins its parents now
        if (waiting.state === 'children') attach(waiting.parents, group, lineNo);
        pending.delete(name);
      }
      continue;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      fail(lineNo, col, 'inventory', `invalid section "${line}"`, 'a section is [group], [group:vars] or [group:children], with no spaces');
      continue;
    }
    if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) fail(lineNo, col, 'inventory', `expected key=value in [${group.name}:vars], got "${line}"`);
      else data.setGroupVar(group, line.slice(0, eq).trim(), parsePythonLiteral(line.slice(eq + 1).trim()));
    } else if (state === 'children') {
      const child = line.split(/\s+/)[0]!;
      const existing = data.groups.get(child);
      if (!existing) {
        const entry = pending.get(child);
        if (entry) entry.parents.push(group);
        else pending.set(child, { line: lineNo, state: 'children', parents: [group] });
        continue;
      }
      attach([group], existing, lineNo);
    } else {
      hostLine(line, lineNo, col, group, data, fail);
    }
  }
  for (const [name, entry] of pending) {
    fail(entry.line, 1, 'inventory', entry.state === 'vars'
        ? `[${name}:vars] is for a group that is never declared`
        : `[${entry.parents.at(-1)?.name ?? ''}:children] names "${name}", a group that is never declared`,
      `declare it with a [${name}] section`);
  }
  return diagnostics;
}

function hostLine(
  line: string, lineNo: number, col: number, group: GroupData, data: InventoryData,
  fail: (line: number, col: number, code: DiagnosticCode, message: string, hint?: string) => void,
): void {
  let tokens: string[];
  try {
    tokens = shlexSplit(line, { comments: true });
  } catch (error) {
    if (!(error instanceof ShlexError)) throw error;
    fail(lineNo, col, 'inventory', `cannot read host line: ${error.message}`);
    return;
  }
  const [pattern, ...assignments] = tokens;
  if (pattern === undefined) return;
  const vars: Record<string, unknown> = {};
  for (const token of assignments) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      fail(lineNo, col + Math.max(0, line.indexOf(token)), 'inventory', `expected key=value host variable, got "${token}"`,
        'host variables are written name=value after the host name');
      return;
    }
    vars[token.slice(0, eq)] = parsePythonLiteral(token.slice(eq + 1));
  }
  const problem = hostNameProblem(pattern);
  if (problem) {
    fail(lineNo, col, 'inventory', problem.message, problem.hint);
    return;
  }
  const problemWithRange = forEachHost(pattern, data.maxHosts, (name, port) => {
    const host = data.addHost(name, group);
    if (port !== undefined) host.vars.ansible_port = port;
    Object.assign(host.vars, vars);
  });
  if (problemWithRange) fail(lineNo, col, 'inventory', problemWithRange);
}
