import { UnsafeText, VaultedValue } from './vaulted-value.js';

// Python's repr(), which Jinja2 and Ansible print values with: templates use it for a list or a dict written inside
// text, `ansible-inventory --graph --vars` for every value.

/**
 * Python's repr() of a float or int held in a JS number: the same shortest digits, but an exponent below 1e-4 and
 * from 1e16 on (`1e-05`, `1.5e+16`), where JavaScript writes `0.00001`. A whole number is written as an int.
 */
function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n)) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const e = Number(exponent);
  return e < -4 || e >= 16 ? `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}` : String(n);
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
