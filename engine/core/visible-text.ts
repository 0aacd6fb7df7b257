/*
 * Host output reaches the operator's terminal: ESC sequences in it could write the clipboard
 * (OSC 52), clear the screen or hide a line behind a `\r`. Human views show them escaped, as
 * Ansible's output does; JSON output keeps the raw text (JSON escapes it itself).
 */

// C0 controls but \t and \n, DEL, C1 controls, and the bidirectional overrides that reorder a line
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\r': '\\r', '\x0b': '\\v', '\f': '\\f', '\b': '\\b', '\0': '\\0' };

function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

// the same class, for a test that leaves no state behind (a /g pattern's test moves its lastIndex)
const HAS_CONTROL = new RegExp(CONTROL.source);

/** `text` with every control character but `\n` and `\t` shown as an escape (`\x1b`, `\r`, `\x9b`): safe on a terminal. */
export function visibleText(text: string): string {
  // nearly every text has none: it is then returned as it is, without a replace
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, escaped) : text;
}

function isPlain(item: object): boolean {
  const proto = Object.getPrototypeOf(item) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Object.fromEntries(Object.entries(record).map(([k, v]) => [visibleText(k), walk(v)])), without the arrays in between. */
function copyVisible(record: Record<string, unknown>, walk: (item: unknown) => unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const shown = visibleText(key);
    const value = walk(record[key]);
    // fromEntries defines an own `__proto__` key; assigning one would set the prototype instead
    if (shown === '__proto__') Object.defineProperty(copy, shown, { value, writable: true, enumerable: true, configurable: true });
    else copy[shown] = value;
  }
  return copy;
}

/** A copy of `value` with `visibleText` applied to every string at any depth, keys included: for views over events. */
export function visibleDeep<T>(value: T): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return visibleText(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === 'object' && isPlain(item)) return copyVisible(item as Record<string, unknown>, walk);
    return item;
  };
  return walk(value) as T;
}
