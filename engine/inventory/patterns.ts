import { EngineError } from '../core/index.js';
import type { Inventory } from './inventory.js';

/** The hosts a pattern selects, in Ansible's order, and the terms that matched nothing. */
export interface Selection {
  readonly hosts: readonly string[];
  readonly unmatched: readonly string[];
}

/** Reads the lines of an `@file` term; the CLI passes a reader of real files. */
export type ReadLines = (file: string) => readonly string[];

/** Ansible's split_host_pattern: commas, else colons outside brackets (keeping host:port and IPv6 whole). */
function splitPattern(pattern: string): string[] {
  const text = pattern.trim();
  if (text.includes(',')) return text.split(',').map((p) => p.trim()).filter(Boolean);
  if (/^[^:[\]]+:\d+$/.test(text) || /^[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*$/.test(text)) return [text];
  return text.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
}

/** fnmatch.translate: `*`, `?`, `[seq]`, `[!seq]`, matched against the whole name, case-sensitively. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const close = c === '[' ? glob.indexOf(']', i + 2) : -1;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[' && close > 0) {
      const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${source})$`, 's');
}

function matcher(expr: string): RegExp {
  try {
    return expr.startsWith('~') ? new RegExp(`^(?:${expr.slice(1)})`) : globToRegExp(expr);
  } catch {
    throw new EngineError('invalid-input', `invalid host pattern "${expr}"`, { hint: 'a ~pattern is a regular expression' });
  }
}

/** `web[1]`, `web[-1]`, `web[0:2]` (inclusive), `web[4:]`; not after a ~regex. */
function splitSubscript(term: string): { expr: string; pick: (hosts: readonly string[]) => readonly string[] } {
  const m = term.startsWith('~') ? null : /^(.+)\[(?:(-?\d+)|(\d+)([:-])(\d*))\]$/.exec(term);
  if (!m) return { expr: term, pick: (hosts) => hosts };
  const [, expr = '', index, start, , end] = m;
  if (index !== undefined) {
    const i = Number(index);
    return { expr, pick: (hosts) => {
      const host = hosts.at(i);
      if (host === undefined) throw new EngineError('invalid-input', `no hosts matched the subscripted pattern "${term}"`);
      return [host];
    } };
  }
  return { expr, pick: (hosts) => hosts.slice(Number(start), end ? Number(end) + 1 : undefined) };
}

function matchTerm(inventory: Inventory, term: string): string[] {
  const { expr, pick } = splitSubscript(term);
  const test = matcher(expr);
  const groups = [...inventory.groups.keys()].filter((g) => test.test(g));
  const hosts = groups.flatMap((g) => inventory.groupHosts(g));
  if (!groups.length || expr.startsWith('~') || /[.?*[]/.test(expr)) {
    // a loop, not push(...list): spreading 100,000 names overflows the call stack
    for (const host of inventory.hosts.keys()) if (test.test(host)) hosts.push(host);
  }
  return [...pick(hosts)];
}

/**
 * The hosts of an Ansible host pattern: `all`, `*`, groups, hosts, `a:b`, `a,b`, `a:&b`, `a:!b`,
 * globs, `~regex`, subscripts `g[0:2]`, and `@file` (one pattern per line). As in Ansible, plain
 * terms are applied first, then `&` terms, then `!` terms; a pattern of only `!`/`&` terms starts from `all`.
 */
export function selectHosts(inventory: Inventory, pattern: string, readLines?: ReadLines): Selection {
  const terms = splitPattern(pattern).flatMap((t) => {
    if (!t.startsWith('@')) return [t];
    if (!readLines) throw new EngineError('usage', `"${t}": @file patterns are only read from the command line`);
    return readLines(t.slice(1)).map((l) => l.trim()).filter(Boolean);
  });
  const plain = terms.filter((t) => !t.startsWith('&') && !t.startsWith('!'));
  const ordered = [...(plain.length ? plain : ['all']), ...terms.filter((t) => t.startsWith('&')), ...terms.filter((t) => t.startsWith('!'))];
  let hosts: string[] = [];
  const unmatched: string[] = [];
  for (const term of ordered) {
    if (inventory.hosts.has(term)) {
      hosts.push(term);
      continue;
    }
    const op = term[0] === '&' || term[0] === '!' ? term[0] : '';
    const matched = matchTerm(inventory, term.slice(op.length));
    if (!matched.length && term.slice(op.length) !== 'all' && !inventory.groups.has(term.slice(op.length))) unmatched.push(term);
    const set = new Set(matched);
    if (op === '!') hosts = hosts.filter((h) => !set.has(h));
    else if (op === '&') hosts = hosts.filter((h) => set.has(h));
    else for (const host of matched) hosts.push(host);
  }
  return { hosts: [...new Set(hosts)], unmatched };
}
