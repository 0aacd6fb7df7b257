import { shellQuote } from '../core/index.js';
import { vaultPlaintexts } from '../source/index.js';

/**
 * Variable names whose values are secrets: `*secret*`, `*password*`/`*passwd*`, `pass` as a word
 * (`ansible_become_pass`, `ansible_ssh_pass`), `*token*`, `*passphrase*`, `private_key`,
 * `api_key`/`apikey`, `*credential*`.
 */
export const SECRET_NAME = /secret|passw(?:or)?d|passphrase|(?:^|[_.-])pass(?:$|[_.-])|token|private_?key|api_?key|credential/i;

const looksSecretMemo = new Map<string, boolean>();

/** SECRET_NAME.test(name), remembered: the same few keys are asked about in every event. */
function looksSecret(name: string): boolean {
  let isSecret = looksSecretMemo.get(name);
  if (isSecret === undefined) {
    if (looksSecretMemo.size >= 10_000) looksSecretMemo.clear();
    looksSecretMemo.set(name, (isSecret = SECRET_NAME.test(name)));
  }
  return isSecret;
}

/** What a secret is shown as. */
export const MASK = '********';

// shorter values would mask ordinary words everywhere; these are what conditions render to
const MIN_LENGTH = 4;
const COMMON = new Set(['True', 'False', 'None', 'true', 'false', 'null']);

/**
 * The forms a secret takes in output: as is, shell-quoted (`| quote`, and inside a longer quoted
 * word, as a command's description shows `'Q=it'"'"'s'`), JSON-escaped, Python-escaped, URL-encoded.
 */
function formsOf(text: string): string[] {
  const url = encodeURIComponent(text);
  return [text, shellQuote(text), text.replace(/'/g, `'"'"'`), JSON.stringify(text).slice(1, -1), text.replace(/\\/g, '\\\\').replace(/'/g, "\\'"),
    url, url.replace(/%20/g, '+')];
}

/** Secrets whatever their names: variable names, values secret from the start, and a test for values secret as written. */
export interface SecretSources {
  readonly names?: Iterable<string>;
  /** Plaintexts known to be secret (decrypted `!vault` values). */
  readonly values?: Iterable<string>;
  /** A value as written that is secret (`raw instanceof VaultedValue`): a variable holding one is secret, and so is what reads it. */
  readonly isSecretValue?: (raw: unknown) => boolean;
}

/**
 * The secrets of one run: the names that make a variable secret, and every secret value seen so far.
 * Secret sources add to it as the run goes — secret-looking names, params declared `secret: true`,
 * values given as secret from the start (`!vault`), `no_log` and secret-named registers, and
 * templated variables rendered from any of these — and the redactor masks what it holds now.
 */
export class SecretRegistry {
  readonly #names = new Set<string>();
  readonly #values = new Set<string>();
  readonly #isSecretValue: (raw: unknown) => boolean;
  #sorted: string[] | undefined;
  #vaultSeen = 0;

  constructor(options: SecretSources = {}) {
    for (const name of options.names ?? []) this.#names.add(name);
    for (const value of options.values ?? []) this.add(value);
    this.#isSecretValue = options.isSecretValue ?? (() => false);
  }

  /** Whether a variable's value, as written, is secret whatever its name (`isSecretValue` of the sources: a `!vault` value). */
  isSecretValue(raw: unknown): boolean {
    return this.#isSecretValue(raw);
  }

  /** Whether a variable (or a key inside a value) of this name holds a secret. */
  isSecretName(name: string): boolean {
    return looksSecret(name) || this.#names.has(name);
  }

  /** Makes a variable name secret (a `no_log` register). */
  addName(name: string): void {
    this.#names.add(name);
  }

  /** Adds every string (and number) inside `value`, at any depth, in each of the forms it is shown in. */
  add(value: unknown): void {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      for (const form of new Set([text, text.trim()])) {
        if (form.length < MIN_LENGTH || COMMON.has(form)) continue;
        for (const shown of formsOf(form)) if (!this.#values.has(shown)) this.#values.add(shown), (this.#sorted = undefined);
      }
    } else if (Array.isArray(value)) {
      for (const item of value) this.add(item);
    } else if (value && typeof value === 'object') {
      for (const item of Object.values(value)) this.add(item);
    }
  }

  /** The same as `add`: what the template scope calls with a value rendered from a secret. */
  addSecret(value: unknown): void {
    this.add(value);
  }

  /** Adds the values of every secret-named key of `sources`, at any depth; templates are left to the renderer. */
  addFromVars(...sources: readonly Readonly<Record<string, unknown>>[]): void {
    const collect = (value: unknown, isSecret: boolean) => {
      if (isSecret && typeof value === 'string' && value.includes('{{')) return;
      if (isSecret && (typeof value === 'string' || typeof value === 'number')) this.add(value);
      else if (Array.isArray(value)) for (const item of value) collect(item, isSecret);
      else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) collect(item, isSecret || this.isSecretName(key));
    };
    for (const source of sources) collect(source, false);
  }

  /** Every secret form known now, longest first (so that a secret containing another is masked whole). */
  values(): readonly string[] {
    // `!vault` values are decrypted as the run uses them: each one is a secret from then on
    const vault = vaultPlaintexts();
    if (vault.length !== this.#vaultSeen) {
      for (const plaintext of vault) this.add(plaintext);
      this.#vaultSeen = vault.length;
    }
    this.#sorted ??= [...this.#values].sort((a, b) => b.length - a.length);
    return this.#sorted;
  }
}

/** Every string value, at any depth, of the variables whose names look secret (and their quoted forms). */
export function secretValues(...sources: readonly Readonly<Record<string, unknown>>[]): string[] {
  const registry = new SecretRegistry();
  registry.addFromVars(...sources);
  return [...registry.values()];
}

// `name: value` in a YAML line, block or flow style: the value up to the end, a comma or a closing brace
const ASSIGNMENT = /([\w.-]+)(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s,{}[\]#][^,}\]#]*?)(?=\s*(?:[,}\]#]|$))/g;

/** A source line with the values of secret-looking keys masked (`db_password: x` → `db_password: ********`): for quoting files no run has read. */
export function maskSecretAssignments(line: string): string {
  return line.replace(ASSIGNMENT, (whole, name: string, sep: string, value: string) => (SECRET_NAME.test(name) && !/^["']?\{\{/.test(value) ? `${name}${sep}${MASK}` : whole));
}

/** `text` with every secret form `secrets` holds now replaced by the mask. */
export function maskText(text: string, secrets: SecretRegistry | readonly string[]): string {
  const list = secrets instanceof SecretRegistry ? secrets.values() : secrets;
  return list.reduce((t, s) => (t.includes(s) ? t.split(s).join(MASK) : t), text);
}

/**
 * A function that masks secrets in anything about to be shown or written: every string that
 * contains a known secret value (in any of its forms), and every value stored under a secret key.
 * Given a registry, it masks what the registry holds at the time of each call. What needs masking
 * comes back as a masked copy; plain data with nothing to mask comes back as it is, not copied.
 */
export function redactor(secrets: SecretRegistry | readonly string[]): <T>(value: T) => T {
  const isSecretKey = secrets instanceof SecretRegistry ? (key: string) => secrets.isSecretName(key) : looksSecret;
  // one event is walked at a time, and nothing adds a secret during a walk: the list is read once per walk
  const walk = (value: unknown, list: readonly string[], key?: string): unknown => {
    if (key !== undefined && value !== null && value !== undefined && typeof value !== 'object' && value !== '' && isSecretKey(key)) return MASK;
    if (typeof value === 'string') return list.length ? maskText(value, list) : value;
    if (Array.isArray(value)) return value.map((v) => walk(v, list));
    if (value && typeof value === 'object') return copyEntries(value as Record<string, unknown>, (k, v) => walk(v, list, k));
    return value;
  };
  // most events hold no secret: they are checked first, without copying, and passed on as they are
  return <T>(value: T) => {
    const list = secrets instanceof SecretRegistry ? secrets.values() : secrets;
    return (holdsSecret(value, list, isSecretKey) ? walk(value, list) : value) as T;
  };
}

/**
 * Whether the redactor would change anything in `value`: a value under a secret key, a string holding
 * a secret form, or something that is not plain data (a Date, a class instance: the copy makes it a plain object).
 */
function holdsSecret(value: unknown, list: readonly string[], isSecretKey: (key: string) => boolean): boolean {
  if (typeof value === 'string') {
    for (const secret of list) if (value.includes(secret)) return true;
    return false;
  }
  if (!value || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsSecret(item, list, isSecretKey)) return true;
    return false;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return true;
  // the entries `copyEntries` copies: own, enumerable, string keys (a plain object inherits none)
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && item !== undefined && typeof item !== 'object' && item !== '' && isSecretKey(key)) return true;
    if (holdsSecret(item, list, isSecretKey)) return true;
  }
  return false;
}

/** Object.fromEntries(Object.entries(record).map(([k, v]) => [k, map(k, v)])), without the arrays in between. */
function copyEntries(record: Record<string, unknown>, map: (key: string, value: unknown) => unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const value = map(key, record[key]);
    // fromEntries defines an own `__proto__` key; assigning one would set the prototype instead
    if (key === '__proto__') Object.defineProperty(copy, key, { value, writable: true, enumerable: true, configurable: true });
    else copy[key] = value;
  }
  return copy;
}
