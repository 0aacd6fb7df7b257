import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One key line of a known_hosts file (`@cert-authority` lines are skipped: certificates are not supported). */
export interface KnownHostEntry {
  readonly line: number;
  readonly isRevoked: boolean;
  readonly patterns: string;
  readonly keyType: string;
  readonly key: Buffer;
}

/** What known_hosts says about a host's key. */
export type HostKeyCheck =
  | { readonly kind: 'known' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'revoked'; readonly entry: KnownHostEntry }
  | { readonly kind: 'changed'; readonly known: readonly KnownHostEntry[] };

/** The name OpenSSH records a host under: `address` on port 22, `[address]:port` otherwise. */
export function knownHostName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** Parses known_hosts text (plain, hashed `|1|salt|hash`, wildcard and `!negated` patterns, `@revoked`). */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
    const [patterns, keyType, base64] = fields;
    if (marker === '@cert-authority' || patterns === undefined || keyType === undefined || base64 === undefined) return;
    entries.push({ line: index + 1, isRevoked: marker === '@revoked', patterns, keyType, key: Buffer.from(base64, 'base64') });
  });
  return entries;
}

/** Reads a known_hosts file; a missing file knows no host. */
export async function readKnownHosts(path: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** True when a host name matches an entry's patterns, as OpenSSH's match_hostname (a negated match wins). */
export function isHostMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) return isHashedMatch(patterns, name);
  let isMatch = false;
  for (const pattern of patterns.split(',')) {
    const isNegated = pattern.startsWith('!');
    if (!globToRegExp(isNegated ? pattern.slice(1) : pattern).test(name)) continue;
    if (isNegated) return false;
    isMatch = true;
  }
  return isMatch;
}

function isHashedMatch(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Compares the key a server offered with what known_hosts holds for `name`; any other key for the host is a change. */
export function checkHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyCheck {
  const forHost = entries.filter((entry) => isHostMatch(entry.patterns, name));
  const revoked = forHost.find((entry) => entry.isRevoked && entry.key.equals(key));
  if (revoked !== undefined) return { kind: 'revoked', entry: revoked };
  const known = forHost.filter((entry) => !entry.isRevoked);
  if (known.some((entry) => entry.key.equals(key))) return { kind: 'known' };
  return known.length === 0 ? { kind: 'unknown' } : { kind: 'changed', known };
}

/** The key types known_hosts holds for `name`, to ask the server for those first (as OpenSSH does). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], name: string): string[] {
  return [...new Set(entries.filter((e) => !e.isRevoked && isHostMatch(e.patterns, name)).map((e) => e.keyType))];
}

/** The type named inside an SSH public key blob, e.g. `ssh-ed25519`. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('latin1');
}

/** The key's fingerprint as OpenSSH prints it: `SHA256:` and unpadded base64. */
export function keyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** `ED25519 key fingerprint is SHA256:…`, OpenSSH's words for a key. */
export function describeKey(key: Buffer): string {
  const type = keyTypeOf(key);
  const label = type === 'ssh-ed25519' ? 'ED25519' : type === 'ssh-rsa' ? 'RSA' : type === 'ssh-dss' ? 'DSA'
    : type.startsWith('ecdsa-') ? 'ECDSA' : type;
  return `${label} key fingerprint is ${keyFingerprint(key)}`;
}

/** Appends `name type base64` to a known_hosts file, creating it (0600, folder 0700) when missing. */
export async function recordHostKey(path: string, name: string, key: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch {
    // a missing file is created by the append
  }
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  await appendFile(path, `${separator}${name} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}
