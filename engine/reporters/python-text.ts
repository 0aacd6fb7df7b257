import { pyRepr, UnsafeText, VaultedValue } from '../source/index.js';

export { pyRepr };

/** Python's str(): strings as they are, everything else as repr(). */
export function pyStr(value: unknown): string {
  if (value instanceof VaultedValue || value instanceof UnsafeText) return String(value);
  return typeof value === 'string' ? value : pyRepr(value);
}
