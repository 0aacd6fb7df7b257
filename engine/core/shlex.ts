/** Thrown for an unterminated quote or a trailing backslash; the message says which and where. */
export class ShlexError extends Error {}

/** Python's shlex: only these four characters separate words (not \f, \v or Unicode spaces). */
const WHITESPACE = ' \t\r\n';

/**
 * Python's `shlex.split(line, comments=…)` in POSIX mode, character for character: quotes are
 * removed, a backslash escapes any character outside quotes and only `"` or `\` inside double
 * quotes, `''` is an empty word. By default (`comments: false`, as Ansible's command module
 * splits) `#` is an ordinary character; with `comments: true` (Ansible's INI host lines) a `#`
 * outside quotes starts a comment up to the end of the line, even in the middle of a word.
 */
export function shlexSplit(line: string, options: { readonly comments?: boolean } = {}): string[] {
  const words: string[] = [];
  let word = '';
  let hasWord = false;
  let quote: '"' | "'" | undefined;
  let opened = 0;
  const escaped = (i: number): string => {
    if (i >= line.length) throw new ShlexError('no escaped character: the text ends with a backslash');
    return line[i]!;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') {
        const next = escaped(++i);
        word += next === '"' || next === '\\' ? next : c + next;
      } else word += c;
    } else if (WHITESPACE.includes(c) || (c === '#' && options.comments === true)) {
      if (hasWord) words.push(word);
      [word, hasWord] = ['', false];
      if (c === '#') i = line.includes('\n', i) ? line.indexOf('\n', i) : line.length;
    } else {
      if (c === '"' || c === "'") [quote, opened] = [c, i];
      else word += c === '\\' ? escaped(++i) : c;
      hasWord = true;
    }
  }
  if (quote !== undefined) throw new ShlexError(`no closing quotation: the ${quote} at character ${opened + 1} is never closed`);
  if (hasWord) words.push(word);
  return words;
}

/**
 * POSIX shell quoting, as Python's shlex.quote: a word of safe characters stays as it is,
 * anything else is single-quoted (a `'` inside becomes `'"'"'`). The result is one shell word.
 */
export function shellQuote(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}
