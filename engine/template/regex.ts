import { defined, TemplateFailure } from './python.js';

/** Options Ansible's regex filters and tests take as keywords. */
export interface RegexOptions {
  readonly ignorecase?: unknown;
  readonly multiline?: unknown;
}

/**
 * A Python regular expression as a JavaScript one: named groups `(?P<n>…)`, backreferences
 * `(?P=n)` and leading inline flags `(?im)` are translated.
 */
export function pyRegex(pattern: unknown, options: RegexOptions = {}, global = false): RegExp {
  let source = String(defined(pattern));
  let flags = (options.ignorecase ? 'i' : '') + (options.multiline ? 'm' : '') + (global ? 'g' : '');
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  source = source.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new TemplateFailure('type', `invalid regular expression ${JSON.stringify(String(pattern))}`, { cause: error });
  }
}

/** Ansible's regex_search: the match, or the groups named by `\1` / `\g<name>` arguments; none if no match. */
export function regexSearch(value: unknown, pattern: unknown, groups: unknown[], options: RegexOptions): unknown {
  const match = pyRegex(pattern, options).exec(String(defined(value)));
  if (!match) return null;
  if (groups.length === 0) return match[0];
  return groups.map((g) => {
    const spec = String(g);
    const number = /^\\(\d+)$/.exec(spec);
    const named = /^\\g<(\w+)>$/.exec(spec);
    if (number) return match[Number(number[1])] ?? null;
    if (named) return match.groups?.[named[1]!] ?? null;
    throw new TemplateFailure('type', `regex_search: unknown group ${JSON.stringify(spec)}; write '\\\\1' or '\\\\g<name>'`);
  });
}

/** Ansible's regex_replace: every match replaced; `\1`, `\g<1>` and `\g<name>` in the replacement. */
export function regexReplace(value: unknown, pattern: unknown, replacement: unknown, options: RegexOptions): string {
  const jsReplacement = String(defined(replacement ?? ''))
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\w+)>|\\(\d+)/g, (_m, name: string | undefined, num: string | undefined) =>
      name !== undefined ? (/^\d+$/.test(name) ? `$${name}` : `$<${name}>`) : `$${num}`);
  return String(defined(value)).replace(pyRegex(pattern, options, true), jsReplacement);
}

/** Ansible's regex_findall: every match, or the groups of every match. */
export function regexFindall(value: unknown, pattern: unknown, options: RegexOptions): unknown[] {
  return [...String(defined(value)).matchAll(pyRegex(pattern, options, true))].map((m) =>
    m.length <= 1 ? m[0] : m.length === 2 ? m[1] : m.slice(1));
}

/** The match/search/regex tests: `match` is anchored at the start, `search` anywhere. */
export function regexTest(value: unknown, pattern: unknown, options: RegexOptions, matchType: unknown): boolean {
  if (typeof defined(value) !== 'string') return false;
  const regex = pyRegex(pattern, options);
  if (matchType === 'match') return new RegExp(`^(?:${regex.source})`, regex.flags).test(value as string);
  if (matchType === 'fullmatch') return new RegExp(`^(?:${regex.source})$`, regex.flags).test(value as string);
  return regex.test(value as string);
}
