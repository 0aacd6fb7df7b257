import { runOnHostAsync } from '../sim/cluster.js';
import { snapshotHost } from './host-files.js';
import type { Twin } from './twin.js';

/** How one peer of a twin stands: what a cell is judged on. */
export interface PeerState {
  readonly host: string;
  /** The installed release (`ipfs-cluster-service --version`), null when it does not answer. */
  readonly version: string | null;
  /** The running daemon answers and sees the whole peerset. */
  readonly isReady: boolean;
  /** The pinset the peer's API lists, sorted. */
  readonly pins: readonly string[];
  /** Each pin's status on every peer as this peer's `status` reports it: counts by status word, e.g. { PINNED: 15 }. */
  readonly status: Readonly<Record<string, number>>;
  /** Every file of the host: path → digest (rehearse/host-files.ts). */
  readonly files: Readonly<Record<string, string>>;
}

const CID = /\b(Qm[1-9A-HJ-NP-Za-km-z]{44}|bafy[a-z2-7]{50,})\b/g;
const STATUS_WORD = /\b(PINNED|PINNING|PIN_ERROR|PIN_QUEUED|UNPINNED|UNPINNING|UNPIN_ERROR|UNPIN_QUEUED|REMOTE|CLUSTER_ERROR|SHARDED|UNEXPECTEDLY_UNPINNED)\b/g;

function versionIn(text: string): string | null {
  return /\d+\.\d+\.\d+/.exec(text)?.[0] ?? null;
}

function counts(text: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [word] of text.matchAll(STATUS_WORD)) result[word] = (result[word] ?? 0) + 1;
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

/** Reads one peer: version, READY with `peers` peers, pinset and status counts (its files: see observeTwin). */
async function observeDaemon(host: { name: string; home: string }, peers: number): Promise<Omit<PeerState, 'files'>> {
  const [version, id, pins, status] = await Promise.all([
    runOnHostAsync(host.home, 'ipfs-cluster-service', ['--version']),
    runOnHostAsync(host.home, 'ipfs-cluster-ctl', ['--enc', 'json', 'id']),
    runOnHostAsync(host.home, 'ipfs-cluster-ctl', ['--enc', 'json', 'pin', 'ls']),
    runOnHostAsync(host.home, 'ipfs-cluster-ctl', ['status']),
  ]);
  const peerset = id.status === 0 ? (/"cluster_peers"\s*:\s*\[([^\]]*)\]/.exec(id.stdout)?.[1] ?? '').split(',').filter((p) => p.trim()).length : 0;
  return {
    host: host.name,
    version: version.status === 0 ? versionIn(version.stdout) : null,
    isReady: id.status === 0 && peerset === peers,
    pins: pins.status === 0 ? [...new Set([...pins.stdout.matchAll(CID)].map((m) => m[0]))].sort() : [],
    status: status.status === 0 ? counts(status.stdout) : {},
  };
}


/**
 * Reads every peer of a twin, in inventory order. A daemon a rollback has just started may still be joining: the
 * peers are read again (every 2 s, for up to `settleMs`) until each is READY with a version, then judged as they are.
 */
export async function observeTwin(twin: Pick<Twin, 'hosts'>, settleMs = 60_000): Promise<PeerState[]> {
  const until = Date.now() + settleMs;
  for (;;) {
    // the daemons are polled until they settle; the files, hashed whole, are read once, for the answer
    const states = await Promise.all(twin.hosts.map((h) => observeDaemon(h, twin.hosts.length)));
    if (states.every((p) => p.isReady && p.version !== null) || Date.now() > until) {
      return states.map((state, i) => ({ ...state, files: Object.fromEntries(snapshotHost(twin.hosts[i]!.home)) }));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
