import { EngineError, type SourceSpan } from '../core/index.js';
import { decryptVault, VaultFailure, type VaultSecret } from './vault-cipher.js';

const PASSWORD_HINT = 'give the vault password: --vault-password-file FILE, --vault-id [label@]FILE, or ANSIBLE_VAULT_PASSWORD_FILE';

/**
 * The vault passwords of this process and every plaintext decrypted with them. The CLI (the
 * composition root) fills it once, before anything is loaded; redaction reads `plaintexts()`.
 */
export class VaultKeyring {
  #secrets: readonly VaultSecret[] = [];
  readonly #plaintexts = new Set<string>();
  #sorted: string[] = [];

  /** Replaces the passwords (and forgets nothing already decrypted). */
  use(secrets: readonly VaultSecret[]): void {
    this.#secrets = secrets;
  }

  /** Decrypts vault text to UTF-8, remembering the plaintext as a secret. Throws VaultFailure. */
  decrypt(text: string): string {
    const plaintext = decryptVault(text, this.#secrets).plaintext.toString('utf8');
    this.remember(plaintext);
    return plaintext;
  }

  /** Records a value that came out of a vault, so that every view masks it. */
  remember(plaintext: string): void {
    if (!plaintext.length || this.#plaintexts.has(plaintext)) return;
    this.#plaintexts.add(plaintext);
    this.#sorted = [...this.#plaintexts].sort((a, b) => b.length - a.length);
  }

  /** Every plaintext decrypted so far, longest first (so that one containing another is masked whole). */
  plaintexts(): readonly string[] {
    return this.#sorted;
  }
}

/** The process's keyring: Ansible too has one set of vault secrets per run. */
export const vaultKeyring = new VaultKeyring();

/** Where a vaulted value was written, for its error: the file position and the variable's name. */
export interface VaultOrigin extends SourceSpan {
  readonly name: string | undefined;
}

/**
 * A `!vault` value: secret from the start, decrypted only when used (`reveal`, `String(v)`).
 * JSON shows the ciphertext as ansible-inventory does: `{"__ansible_vault": "$ANSIBLE_VAULT;…"}`.
 * Its fields are private, so walks over plain data (Object.entries) see nothing inside it.
 */
export class VaultedValue {
  readonly #envelope: string;
  readonly #keyring: VaultKeyring;
  #origin: VaultOrigin | undefined;
  #plaintext: string | undefined;

  constructor(envelope: string, keyring: VaultKeyring = vaultKeyring) {
    this.#envelope = envelope;
    this.#keyring = keyring;
  }

  /** The vault text as written (`$ANSIBLE_VAULT;1.1;AES256\n…`). */
  get envelope(): string {
    return this.#envelope;
  }

  /** Sets where the value was written (once: a value copied to another group keeps its origin). */
  locate(origin: VaultOrigin): void {
    this.#origin ??= origin;
  }

  /** The plaintext; throws an `invalid-input` EngineError naming the variable, where it is, and the fix. */
  reveal(): string {
    if (this.#plaintext !== undefined) return this.#plaintext;
    try {
      this.#plaintext = this.#keyring.decrypt(this.#envelope);
      return this.#plaintext;
    } catch (error) {
      if (error instanceof VaultFailure) throw this.#failure(error);
      throw error;
    }
  }

  #failure(failure: VaultFailure): EngineError {
    const what = this.#origin?.name === undefined ? 'a vaulted value' : `variable "${this.#origin.name}"`;
    const message = failure.reason === 'no-password'
      ? `${what} is vault-encrypted and no vault password was given`
      : `cannot decrypt ${what}: ${failure.message}`;
    const hint = failure.reason === 'no-password' ? PASSWORD_HINT
      : failure.reason === 'wrong-password' ? 'check the vault password file: it is not the one this value was encrypted with'
        : 'encrypt it again with ansible-vault encrypt_string';
    const diagnostics = this.#origin
      ? [{ file: this.#origin.file, line: this.#origin.line, col: this.#origin.col, code: 'vault' as const, severity: 'error' as const,
        message, hint, path: '' }]
      : [];
    return new EngineError('invalid-input', message, { hint, diagnostics, cause: failure });
  }

  toString(): string {
    return this.reveal();
  }

  toJSON(): { __ansible_vault: string } {
    return { __ansible_vault: this.#envelope };
  }
}

/**
 * A `!unsafe` value: text that is never rendered as a template (`{{ x }}` stays as written).
 * JSON shows it as ansible-inventory does: `{"__ansible_unsafe": "…"}`.
 */
export class UnsafeText {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  get text(): string {
    return this.#text;
  }

  toString(): string {
    return this.#text;
  }

  toJSON(): { __ansible_unsafe: string } {
    return { __ansible_unsafe: this.#text };
  }
}

/** Every plaintext decrypted from a vault so far, longest first: what redaction must mask. */
export function vaultPlaintexts(): readonly string[] {
  return vaultKeyring.plaintexts();
}

/** A value loaded from YAML as it reads in a template: a vaulted value decrypted, an unsafe one as its text. */
export function plainValue(value: unknown): unknown {
  if (value instanceof VaultedValue) return value.reveal();
  if (value instanceof UnsafeText) return value.text;
  return value;
}

/**
 * The value with each vaulted value as its vault text and each unsafe one as its text: what a
 * schema checks (a vaulted `ansible_user` is a string to the schema, and stays encrypted).
 */
export function asWritten(value: unknown): unknown {
  if (value instanceof VaultedValue) return value.envelope;
  if (value instanceof UnsafeText) return value.text;
  if (Array.isArray(value)) return value.map(asWritten);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asWritten(v)]));
  return value;
}
