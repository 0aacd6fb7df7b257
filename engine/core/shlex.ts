/** Thrown for an unterminated quote or a trailing backslash. */
export class ShlexError extends Error {}

/**
 * Python's `shlex.split(line, comments=True)` in POSIX mode, which Ansible uses for INI host
 * lines: quotes are removed, backslash escapes outside single quotes, `#` starts a comment.
 */
export function shlexSplit(line: string): string[] {
  const tokens: string[] = [];
  let token = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else token += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '\\"$`\n'.includes(line[i + 1]!)) token += line[++i];
      else token += c;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('no escaped character after a backslash');
      token += line[++i];
      inToken = true;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '#') {
      break;
    } else if (/\s/.test(c)) {
      if (inToken) tokens.push(token);
      token = '';
      inToken = false;
    } else {
      token += c;
      inToken = true;
    }
  }
  if (quote) throw new ShlexError('no closing quotation');
  if (inToken) tokens.push(token);
  return tokens;
}

/**
 * POSIX shell quoting, as Python's shlex.quote: a word of safe characters stays as it is,
 * anything else is single-quoted (a `'` inside becomes `'"'"'`). The result is one shell word.
 */
export function shellQuote(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}
