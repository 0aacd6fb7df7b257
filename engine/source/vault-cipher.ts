import { createRequire } from 'node:module';

// node:crypto is loaded at the first decryption, not with this module: most commands never decrypt, and every
// command's start-up would pay for it
let cryptoModule: typeof import('node:crypto') | undefined;
const crypto = (): typeof import('node:crypto') => (cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));

/** One vault password and its vault id (`default` when none was given), as `--vault-id label@file` names it. */
export interface VaultSecret {
  readonly label: string;
  readonly password: Buffer;
}

/** Why vault text could not be decrypted: its format, no password given, or no password given fits. */
export class VaultFailure extends Error {
  constructor(readonly reason: 'format' | 'no-password' | 'wrong-password', message: string) {
    super(message);
    this.name = 'VaultFailure';
  }
}

/** The header and hexlified body of `$ANSIBLE_VAULT;1.1;AES256` or `$ANSIBLE_VAULT;1.2;AES256;label` text. */
interface Envelope {
  readonly cipher: string;
  readonly label: string | undefined;
  readonly body: string;
}

const HEADER = '$ANSIBLE_VAULT';

/** Whether text is Ansible Vault data (a `!vault` value or a whole encrypted file). */
export function isVaultText(text: string): boolean {
  return text.startsWith(`${HEADER};`);
}

function parseEnvelope(text: string): Envelope {
  const [first = '', ...rest] = text.split(/\r?\n/);
  const header = first.trim().split(';').map((part) => part.trim());
  if (header[0] !== HEADER || header.length < 3) throw new VaultFailure('format', 'not Ansible Vault data (no $ANSIBLE_VAULT header)');
  return { cipher: header[2]!, label: header[3] || undefined, body: rest.join('').trim() };
}

function unhexlify(text: string, what: string): Buffer {
  if (text.length % 2 || !/^[0-9a-fA-F]*$/.test(text)) throw new VaultFailure('format', `vault format error: the ${what} is not hexadecimal`);
  return Buffer.from(text, 'hex');
}

/** The body is hex of `hex(salt) \n hex(hmac) \n hex(ciphertext)`: Ansible hexlifies twice. */
function splitBody(body: string): { salt: Buffer; hmac: Buffer; ciphertext: Buffer } {
  const inner = unhexlify(body, 'vault body').toString('latin1');
  const first = inner.indexOf('\n');
  const second = inner.indexOf('\n', first + 1);
  if (first < 0 || second < 0) throw new VaultFailure('format', 'vault format error: the body lacks its salt, HMAC and ciphertext lines');
  return { salt: unhexlify(inner.slice(0, first), 'salt'), hmac: unhexlify(inner.slice(first + 1, second), 'HMAC'),
    ciphertext: unhexlify(inner.slice(second + 1), 'ciphertext') };
}

function unpad(padded: Buffer): Buffer {
  const n = padded.at(-1) ?? 0;
  if (n < 1 || n > 16 || n > padded.length || !padded.subarray(-n).every((b) => b === n)) {
    throw new VaultFailure('format', 'vault format error: bad padding after decryption');
  }
  return padded.subarray(0, padded.length - n);
}

/** AES256 of vault 1.1/1.2: PBKDF2-SHA256 (10000 rounds) gives the AES key, the HMAC key and the CTR counter. */
function decryptAes256(parts: ReturnType<typeof splitBody>, password: Buffer): Buffer | undefined {
  const { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } = crypto();
  const derived = pbkdf2Sync(password, parts.salt, 10000, 80, 'sha256');
  const mac = createHmac('sha256', derived.subarray(32, 64)).update(parts.ciphertext).digest();
  if (mac.length !== parts.hmac.length || !timingSafeEqual(mac, parts.hmac)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', derived.subarray(0, 32), derived.subarray(64, 80));
  // Ansible pads with PKCS#7 though CTR needs no padding
  return unpad(Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]));
}

/**
 * Decrypts vault text with the first password that fits, trying those whose label matches the
 * text's vault id first (Ansible's default: any password may open any vault id). Throws VaultFailure.
 */
export function decryptVault(text: string, secrets: readonly VaultSecret[]): { plaintext: Buffer; label: string } {
  const envelope = parseEnvelope(text);
  if (envelope.cipher !== 'AES256') throw new VaultFailure('format', `vault cipher "${envelope.cipher}" is not supported (only AES256)`);
  if (!secrets.length) throw new VaultFailure('no-password', 'no vault password was given');
  const parts = splitBody(envelope.body);
  const ordered = [...secrets.filter((s) => s.label === envelope.label), ...secrets.filter((s) => s.label !== envelope.label)];
  for (const secret of ordered) {
    const plaintext = decryptAes256(parts, secret.password);
    if (plaintext) return { plaintext, label: secret.label };
  }
  const tried = [...new Set(ordered.map((s) => s.label))].join(', ');
  throw new VaultFailure('wrong-password',
    `HMAC verification failed: none of the vault passwords given (${tried}) decrypts it${envelope.label ? ` (its vault id: ${envelope.label})` : ''}`);
}

/** The vault id written in vault text's header (1.2), if any. */
export function vaultLabel(text: string): string | undefined {
  try {
    return parseEnvelope(text).label;
  } catch {
    return undefined;
  }
}
