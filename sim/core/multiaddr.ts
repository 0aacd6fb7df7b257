/** An /ip4/A/tcp/P multiaddress, split. */
export interface TcpAddress { readonly host: string; readonly port: number }

/** Parses `/ip4/A/tcp/P[/ipfs|p2p/ID]`; null when it is not one. */
export function parseMultiaddr(text: string): (TcpAddress & { readonly peerId?: string }) | null {
  const m = /^\/ip4\/(\d+\.\d+\.\d+\.\d+)\/tcp\/(\d+)(?:\/(?:ipfs|p2p)\/(\w+))?\/?$/.exec(text.trim());
  if (!m) return null;
  return { host: m[1]!, port: Number(m[2]), ...(m[3] ? { peerId: m[3] } : {}) };
}

/** The address the sim binds for a configured one: never anything outside 127.0.0.0/8. */
export function loopbackFor(configured: string, hostAddress: string): string {
  return configured.startsWith('127.') ? configured : hostAddress;
}

/** Formats a tcp multiaddress, with the peer suffix the release uses. */
export function formatMultiaddr(addr: TcpAddress, peer?: { id: string; protocol: 'ipfs' | 'p2p' }): string {
  return `/ip4/${addr.host}/tcp/${addr.port}${peer ? `/${peer.protocol}/${peer.id}` : ''}`;
}

/** Parses a Go duration such as "15s", "1m0s", "200ms" into milliseconds. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g)) total += Number(n) * units[unit!]!;
  return total;
}
