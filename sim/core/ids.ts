import { randomBytes } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(length: number): string {
  return [...randomBytes(length)].map((b) => BASE58[b % 58]).join('');
}

/** A fresh peer ID shaped like an RSA libp2p ID (`Qm` + 44 base58 characters). */
export function newPeerId(): string {
  return `Qm${base58(44)}`;
}

/** A fresh private key stand-in (base64, like the real field). */
export function newPrivateKey(): string {
  return randomBytes(96).toString('base64');
}

/** A fresh 32-byte cluster secret in hex. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/** A CIDv0-shaped identifier for generated pins. */
export function newCid(): string {
  return `Qm${base58(44)}`;
}
