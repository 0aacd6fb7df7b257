import { randomBytes } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(length: number): string {
  return [...randomBytes(length)].map((b) => BASE58[b % 58]).join('');
}

/**
 * A fresh peer ID of the key type: RSA IDs are sha256 multihashes (`Qm` + 44 base58 characters); Ed25519 IDs are
 * identity multihashes of the 36-byte public key (`12D3KooW` + 44 base58 characters).
 */
export function newPeerId(kind: 'rsa' | 'ed25519'): string {
  return kind === 'rsa' ? `Qm${base58(44)}` : `12D3KooW${base58(44)}`;
}

/** A fresh private key stand-in (base64 of a protobuf key: RSA-2048 is ~1.2 kB, Ed25519 68 bytes). */
export function newPrivateKey(kind: 'rsa' | 'ed25519'): string {
  return randomBytes(kind === 'rsa' ? 1192 : 68).toString('base64');
}

/** A fresh 32-byte cluster secret in hex. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/** A CIDv0-shaped identifier for generated pins. */
export function newCid(): string {
  return `Qm${base58(44)}`;
}
