import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Twins and test clusters (test/helpers/sim.ts claims through this too) never share a /24.
const CLAIMS = join(tmpdir(), 'runbook-sim-addresses');

/** A loopback /24 held by this process until `release`. */
export interface AddressClaim {
  readonly base: string;
  release(): void;
}

/**
 * Claims a loopback /24 (127.X.Y, X ≥ 100) that no other twin or test holds, with an exclusive mkdir, so that every
 * simulated host keeps the real ports. Throws when none is free after 1000 tries.
 */
export function claimAddressBase(): AddressClaim {
  mkdirSync(CLAIMS, { recursive: true });
  for (let i = 0; i < 1000; i++) {
    const base = `127.${100 + Math.floor(Math.random() * 150)}.${1 + Math.floor(Math.random() * 250)}`;
    try { mkdirSync(join(CLAIMS, base)); } catch { continue; }
    return { base, release: () => rmSync(join(CLAIMS, base), { recursive: true, force: true }) };
  }
  throw new Error(`no free loopback /24 for a twin (claims in ${CLAIMS})`);
}
