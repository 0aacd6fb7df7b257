import { vaultPlaintexts } from '../source/index.js';

/** Variable names whose values are secrets, as documented: `*secret*`, `*password*`, `*token*`, `private_key`, `*passphrase*`. */
export const SECRET_NAME = /secret|password|passwd|token|passphrase|private_key/i;

const MASK = '********';

/** Every string value, at any depth, of the variables whose names look secret. */
export function secretValues(...sources: readonly Readonly<Record<string, unknown>>[]): string[] {
  const found = new Set<string>();
  const collect = (value: unknown, isSecret: boolean) => {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      if (isSecret && text.length >= 4 && !text.includes('{{')) found.add(text);
    } else if (Array.isArray(value)) {
      for (const item of value) collect(item, isSecret);
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) collect(item, isSecret || SECRET_NAME.test(key));
    }
  };
  for (const source of sources) collect(source, false);
  // longest first, so that a secret containing another is masked whole
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * A function that masks secrets in anything about to be shown or written: every string that
 * contains a known secret value, and every value stored under a secret-looking key.
 */
export function redactor(secrets: readonly string[]): <T>(value: T) => T {
  // vaulted values are decrypted lazily, during the run: ask for them at each use
  const masks = (vaulted = vaultPlaintexts()) => (vaulted.length ? [...vaulted, ...secrets] : secrets);
  const mask = (text: string) => masks().reduce((t, s) => (t.includes(s) ? t.split(s).join(MASK) : t), text);
  const walk = (value: unknown, key?: string): unknown => {
    if (key !== undefined && SECRET_NAME.test(key) && value !== null && value !== undefined && typeof value !== 'object') return MASK;
    if (typeof value === 'string') return mask(value);
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return <T>(value: T) => walk(value) as T;
}
