// A reader for the Python literals Ansible's INI plugin understands: its values go through
// ast.literal_eval, and whatever that cannot read stays the string it was.

const NUMBER = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][-+]?\d(?:_?\d)*)?)/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', 0: '\0', '\n': '' };

// CPython's tokenizer refuses more nested brackets than this (MAXLEVEL), so literal_eval fails and
// Ansible keeps the text; the bound also keeps this recursive reader off the end of the stack.
const MAX_PYTHON_NESTING = 200;

class NotALiteral extends Error {}

class Reader {
  private at = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t'.includes(this.text[this.at]!)) this.at++;
  }

  private peek(): string {
    this.skipSpace();
    return this.text[this.at] ?? '';
  }

  private expect(c: string): void {
    if (this.peek() !== c) throw new NotALiteral();
    this.at++;
  }

  readAll(): unknown {
    const value = this.value();
    if (this.peek() !== '') throw new NotALiteral();
    return value;
  }

  private value(): unknown {
    if (++this.depth > MAX_PYTHON_NESTING) throw new NotALiteral();
    try {
      return this.valueHere();
    } finally {
      this.depth--;
    }
  }

  private valueHere(): unknown {
    const c = this.peek();
    if (c === '[') return this.sequence('[', ']');
    if (c === '(') return this.sequence('(', ')');
    if (c === '{') return this.mapping();
    if (c === '"' || c === "'" || (/^[rRbBuU]{1,2}['"]/.test(this.text.slice(this.at)))) return this.strings();
    if (c === '-' || c === '+') {
      this.at++;
      const n = this.value();
      if (typeof n !== 'number') throw new NotALiteral();
      return c === '-' ? -n : n;
    }
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.at))?.[0];
    if (word !== undefined) {
      this.at += word.length;
      if (word === 'True') return true;
      if (word === 'False') return false;
      if (word === 'None') return null;
      throw new NotALiteral();
    }
    return this.number();
  }

  private number(): number {
    const rest = this.text.slice(this.at);
    const match = NUMBER.exec(rest)?.[0];
    if (!match || /^[\w.]/.test(rest.slice(match.length))) throw new NotALiteral();
    this.at += match.length;
    const digits = match.replace(/_/g, '');
    if (/^0[xob]/i.test(digits)) return parseInt(digits.slice(2), { x: 16, o: 8, b: 2 }[digits[1]!.toLowerCase() as 'x']);
    if (/^0\d/.test(digits) && /^\d+$/.test(digits) && /[1-9]/.test(digits)) throw new NotALiteral(); // 017: not Python 3
    return Number(digits);
  }

  private strings(): string {
    let result = '';
    while (/^[rRbBuU]{0,2}['"]/.test(this.text.slice(this.at).trimStart()) && this.peek() !== '') {
      this.skipSpace();
      const prefix = /^[rRbBuU]{0,2}/.exec(this.text.slice(this.at))![0];
      this.at += prefix.length;
      result += this.string(/r/i.test(prefix));
    }
    return result;
  }

  private string(raw: boolean): string {
    const quote = this.text.startsWith(this.text[this.at]!.repeat(3), this.at) ? this.text[this.at]!.repeat(3) : this.text[this.at]!;
    this.at += quote.length;
    let out = '';
    while (!this.text.startsWith(quote, this.at)) {
      const c = this.text[this.at];
      if (c === undefined || (c === '\n' && quote.length === 1)) throw new NotALiteral();
      if (c === '\\' && !raw) {
        const next = this.text[this.at + 1] ?? '';
        const hex = /^[xu]/.test(next) ? /^(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/.exec(this.text.slice(this.at + 1))?.[0] : undefined;
        if (hex) {
          out += String.fromCharCode(parseInt(hex.slice(1), 16));
          this.at += 1 + hex.length;
          continue;
        }
        out += ESCAPES[next] ?? `\\${next}`;
        this.at += 2;
        continue;
      }
      out += c;
      this.at++;
    }
    this.at += quote.length;
    return out;
  }

  private sequence(open: string, close: string): unknown[] {
    this.expect(open);
    const items: unknown[] = [];
    while (this.peek() !== close) {
      items.push(this.value());
      if (this.peek() !== ',') break;
      this.at++;
    }
    this.expect(close);
    return items;
  }

  private mapping(): Record<string, unknown> {
    this.expect('{');
    const result: Record<string, unknown> = {};
    while (this.peek() !== '}') {
      const key = this.value();
      if (this.peek() !== ':') throw new NotALiteral(); // a set: not representable as data here
      this.at++;
      result[String(key)] = this.value();
      if (this.peek() !== ',') break;
      this.at++;
    }
    this.expect('}');
    return result;
  }
}

/** The value of a Python literal (`True`, `0x1F`, `'a'`, `[1, 2]`, `{"a": 1}`), or the text itself. */
export function parsePythonLiteral(text: string): unknown {
  try {
    return new Reader(text).readAll();
  } catch (error) {
    if (error instanceof NotALiteral) return text;
    throw error;
  }
}
