import type { VersionSpec } from '../versions.js';

type Obj = Record<string, unknown>;

/** One peer as `id` / `peers ls` print it (formatters.go textFormatPrintID, unchanged from v0.3.5 to v1.1.6). */
export function formatId(peer: Obj): string {
  if (peer['error']) return `${peer['id']} | ERROR: ${peer['error']}\n`;
  const ipfs = (peer['ipfs'] ?? {}) as Obj;
  const peers = (peer['cluster_peers'] as unknown[] | undefined) ?? [];
  const lines = [`${peer['id']} | ${peer['peername']} | Sees ${Math.max(peers.length - 1, 0)} other peers`, '  > Addresses:',
    ...[...(peer['addresses'] as string[] ?? [])].sort().map((a) => `    - ${a}`)];
  if (ipfs['error']) lines.push(`  > IPFS ERROR: ${ipfs['error']}`);
  else lines.push(`  > IPFS: ${ipfs['id']}`, ...[...(ipfs['addresses'] as string[] ?? [])].sort().map((a) => `    - ${a}`));
  return `${lines.join('\n')}\n`;
}

function cidOf(pin: Obj): string {
  const cid = pin['cid'];
  return typeof cid === 'string' ? cid : String((cid as Obj | undefined)?.['/'] ?? '');
}

function typeOf(pin: Obj): string {
  const type = pin['type'];
  return typeof type === 'string' ? type : type === 2 ? 'pin' : type === 4 ? 'meta-pin' : type === 8 ? 'clusterdag-pin'
    : type === 16 ? 'shard-pin' : 'bad-type';
}

// Go's Time.Format("2006-01-02 15:04:05") of a UTC timestamp; the zero time reads "unknown".
function addedOf(pin: Obj): string {
  const ts = String(pin['timestamp'] ?? '');
  return !ts || ts.startsWith('0001-01-01') ? 'unknown' : ts.slice(0, 19).replace('T', ' ');
}

function replicationAndAllocations(pin: Obj): string {
  const [min, max] = [Number(pin['replication_factor_min']), Number(pin['replication_factor_max'])];
  if (min < 0) return 'Repl. Factor: -1 | Allocations: [everywhere]';
  const allocs = [...((pin['allocations'] as string[] | null) ?? [])].sort();
  return `Repl. Factor: ${min}--${max} | Allocations: [${allocs.join(' ')}]`;
}

/** One line of `pin ls` in the release's layout (formatters.go textFormatPrintPin). */
export function formatPin(pin: Obj, spec: VersionSpec): string {
  if (spec.ctlPinFormat === 'v0') return `${cidOf(pin)} | ${pin['name']} | ${replicationAndAllocations(pin)}\n`;
  const depth = pin['max_depth'] === 0 ? 'Direct' : pin['max_depth'] === -1 || pin['max_depth'] === undefined ? 'Recursive'
    : `Recursive-${pin['max_depth']}`;
  const parts = [cidOf(pin), String(pin['name'] ?? ''), typeOf(pin).toUpperCase(), replicationAndAllocations(pin), depth];
  if (spec.ctlPinFormat !== 'type-depth') parts.push(`Metadata: ${Object.keys((pin['metadata'] as Obj | null) ?? {}).length ? 'yes' : 'no'}`);
  if (spec.ctlPinFormat === 'expiry' || spec.ctlPinFormat === 'added') parts.push('Exp: ∞');
  if (spec.ctlPinFormat === 'added') parts.push(`Added: ${addedOf(pin)}`);
  return `${parts.join(' | ')}\n`;
}

// ≤0.4 print an erring peer as "ERROR | <error>" with no timestamp; 0.5+ as "<STATUS>: <error> | <ts>".
function peerStatus(p: Obj, spec: VersionSpec): string {
  if (p['error'] && spec.ctlStatusFormat === 'peer-id-v0') return `ERROR | ${p['error']}`;
  return `${String(p['status']).toUpperCase()}${p['error'] ? `: ${p['error']}` : ''} | ${p['timestamp']}`;
}

/** One CID of `status` in the release's layout (formatters.go textFormatPrintGPInfo): peers sorted by ID. */
export function formatStatus(info: Obj, spec: VersionSpec): string {
  const map = (info['peer_map'] ?? {}) as Record<string, Obj>;
  const ids = Object.keys(map).sort();
  if (spec.ctlStatusFormat === 'peer-id-v0' || spec.ctlStatusFormat === 'peer-id') {
    return `${cidOf(info)} :\n${ids.map((id) => `    > Peer ${id} : ${peerStatus(map[id]!, spec)}\n`).join('')}`;
  }
  const width = spec.ctlStatusFormat === 'pad15' ? 15 : 20;
  const isNamed = spec.ctlStatusFormat === 'pad20-name' || spec.ctlStatusFormat === 'pad20-name-attempts';
  const head = isNamed ? `${cidOf(info)}${info['name'] ? ` | ${info['name']}` : ''}:\n` : `${cidOf(info)} :\n`;
  return head + ids.map((id) => {
    const p = map[id]!;
    const who = String(p['peername'] || id).padEnd(width);
    const tail = spec.ctlStatusFormat === 'pad20-name-attempts' ? ` | Attempts: ${p['attempt_count'] ?? 0} | Priority: ${p['priority_pin'] ?? false}` : '';
    return `    > ${who} : ${peerStatus(p, spec)}${tail}\n`;
  }).join('');
}

/** JSON output: one 4-space-indented value; lists as an array (≤0.14) or one object after another (v1 streams). */
export function formatJson(value: unknown, spec: VersionSpec): string {
  if (Array.isArray(value) && spec.ctlJsonList === 'stream') return value.map((v) => `${JSON.stringify(v, null, '    ')}\n`).join('');
  return `${JSON.stringify(value, null, '    ')}\n`;
}
