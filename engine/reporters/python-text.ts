import { UnsafeText, VaultedValue } from '../source/index.js';

/** Python's repr() of a float or int held in a JS number. */
function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

/** Python's repr() of a JSON-like value: `'text'`, `True`, `None`, `[1, 'a']`, `{'k': 1}`. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  // Python's str() of a vaulted value decrypts it, as ansible-inventory --graph --vars shows
  if (value instanceof VaultedValue || value instanceof UnsafeText) return pyRepr(String(value));
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
      .replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

/** Python's str(): strings as they are, everything else as repr(). */
export function pyStr(value: unknown): string {
  if (value instanceof VaultedValue || value instanceof UnsafeText) return String(value);
  return typeof value === 'string' ? value : pyRepr(value);
}
