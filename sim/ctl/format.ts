import type { VersionSpec } from '../versions.js';

type Obj = Record<string, unknown>;

/** One peer as `id` / `peers ls` print it (formatters.go, unchanged from v0.3.5 to v1.1.6). */
export function formatId(peer: Obj): string {
  if (peer['error']) return `${peer['id']} | ERROR: ${peer['error']}\n`;
  const ipfs = (peer['ipfs'] ?? {}) as Obj;
  const peers = (peer['cluster_peers'] as unknown[] | undefined) ?? [];
  const lines = [`${peer['id']} | ${peer['peername']} | Sees ${Math.max(peers.length - 1, 0)} other peers`, '  > Addresses:',
    ...[...(peer['addresses'] as string[] ?? [])].sort().map((a) => `    - ${a}`)];
  if (ipfs['error']) lines.push(`  > IPFS: ERROR: ${ipfs['error']}`);
  else lines.push(`  > IPFS: ${ipfs['id']}`, ...[...(ipfs['addresses'] as string[] ?? [])].sort().map((a) => `    - ${a}`));
  return `${lines.join('\n')}\n`;
}

function cidOf(pin: Obj): string {
  const cid = pin['cid'];
  return typeof cid === 'string' ? cid : String((cid as Obj | undefined)?.['/'] ?? '');
}

function replication(pin: Obj): string {
  const [min, max] = [pin['replication_factor_min'], pin['replication_factor_max']];
  return min === max ? String(min) : `${min}--${max}`;
}

/** One line of `pin ls`. */
export function formatPin(pin: Obj, spec: VersionSpec): string {
  const common = `Repl. Factor: ${replication(pin)} | Allocations: [everywhere]`;
  return spec.ctlListFormat === 'v0' ? `${cidOf(pin)} | ${pin['name']} | ${common}\n`
    : `${cidOf(pin)} | ${pin['name']} | PIN | ${common} | Recursive | Metadata: no | Exp: ∞ | Added: ${new Date().toISOString()}\n`;
}

/** One CID of `status`. */
export function formatStatus(info: Obj, spec: VersionSpec): string {
  const peers = Object.values((info['peer_map'] ?? {}) as Record<string, Obj>);
  if (spec.ctlListFormat === 'v0') {
    return `${info['cid']} :\n${peers.map((p) => `    > Peer ${p['peer']} : ${String(p['status']).toUpperCase()} | ${p['timestamp']}\n`).join('')}`;
  }
  return `${info['cid']} | ${info['name']}:\n${peers.map((p) =>
    `    > ${p['peername']}  : ${String(p['status']).toUpperCase()} | ${p['timestamp']} | Attempts: 0 | Priority: false\n`).join('')}`;
}

/** JSON output: one 4-space-indented value; lists as an array (≤0.10) or one object after another (≥0.11). */
export function formatJson(value: unknown, spec: VersionSpec): string {
  if (Array.isArray(value) && spec.ctlPeersJson === 'stream') return value.map((v) => `${JSON.stringify(v, null, '    ')}\n`).join('');
  return `${JSON.stringify(value, null, '    ')}\n`;
}
