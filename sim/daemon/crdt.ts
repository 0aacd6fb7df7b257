import { log } from '../core/log.js';
import type { Member, Pin } from '../core/state.js';
import type { CrdtEntries } from '../core/state.js';
import { applyOp, type ClusterState, type Consensus, type Op } from './consensus.js';
import { callPeer, type Envelope, type Message, type Reply } from './transport.js';

/** What the CRDT component needs from the daemon. */
export interface CrdtOptions {
  readonly self: Member;
  readonly protocol: string;
  readonly secret: string;
  readonly entries: CrdtEntries;
  readonly peers: readonly Member[];
  readonly persist: (entries: CrdtEntries) => void;
  /** `consensus.crdt.trusted_peers` (plus bootstrap peers unless --no-trust); `*` trusts everyone. */
  readonly trusted: readonly string[];
  /** go-ds-crdt delta format: peers ≤0.12 cannot process deltas of 0.13+ (v0.13.0 CHANGELOG). */
  readonly deltaFormat: number;
  /** Deltas leave this long after a commit (pubsub latency); with `isLossy` they are dropped and only rebroadcasts carry state. */
  readonly broadcastDelayMs: number;
  readonly rebroadcastMs: number;
  readonly isLossy: boolean;
}

interface Push { readonly entries: CrdtEntries; readonly peers: readonly Member[]; readonly format: number }

function livePins(entries: CrdtEntries): Pin[] {
  return Object.values(entries).flatMap((e) => (e.pin ? [e.pin] : []));
}

function isNewer(a: CrdtEntries[string], b: CrdtEntries[string] | undefined): boolean {
  return !b || a.clock > b.clock || (a.clock === b.clock && a.by > b.by);
}

/**
 * CRDT consensus (v0.11+): no leader, ready at once; each commit is a delta (last writer wins per CID, with
 * tombstones) broadcast to every known peer after a delay, and the whole state is rebroadcast every
 * `rebroadcast_interval`, so the pinset converges. Deltas from untrusted peers are ignored.
 */
export class CrdtNode implements Consensus {
  state: ClusterState;
  private entries: CrdtEntries;
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: CrdtOptions) {
    this.entries = opts.entries;
    this.state = { index: 0, peers: [opts.self, ...opts.peers.filter((p) => p.id !== opts.self.id)], pins: livePins(opts.entries) };
  }

  start(): void { this.timer = setInterval(() => void this.broadcast(this.entries), this.opts.rebroadcastMs); }

  stop(): void {
    clearInterval(this.timer);
    for (const t of this.pending) clearTimeout(t);
  }

  leaderId(): string | undefined { return undefined; }

  isReady(): boolean { return true; }

  private remember(member: Member): void {
    if (member.id === this.opts.self.id || this.state.peers.some((p) => p.id === member.id)) return;
    this.state = { ...this.state, peers: [...this.state.peers, member] };
  }

  private isTrusted(id: string): boolean {
    return this.opts.trusted.includes('*') || this.opts.trusted.includes(id);
  }

  private merge(incoming: CrdtEntries): void {
    const changed = Object.entries(incoming).filter(([cid, e]) => isNewer(e, this.entries[cid]));
    if (!changed.length) return;
    this.entries = { ...this.entries, ...Object.fromEntries(changed) };
    this.state = { ...this.state, pins: livePins(this.entries) };
    this.opts.persist(this.entries);
  }

  /** Applies a pin change locally and schedules its delta; CRDT cannot remove peers. */
  async commit(op: Op): Promise<void> {
    if (op.kind === 'peer-rm') throw new Error('crdt consensus component cannot remove peers');
    if (op.kind === 'peer-add') { this.state = applyOp(this.state, op); return; }
    const clock = Math.max(0, ...Object.values(this.entries).map((e) => e.clock)) + 1;
    const cid = op.kind === 'pin' ? op.pin.cid : op.cid;
    const delta = { [cid]: { pin: op.kind === 'pin' ? op.pin : null, clock, by: this.opts.self.id } };
    this.merge(delta);
    if (this.opts.isLossy) return;
    const timer = setTimeout(() => { this.pending.delete(timer); void this.broadcast(delta); }, this.opts.broadcastDelayMs);
    this.pending.add(timer);
  }

  private async broadcast(entries: CrdtEntries): Promise<void> {
    const push: Push = { entries, peers: this.state.peers, format: this.opts.deltaFormat };
    const envelope: Envelope = { protocol: this.opts.protocol, secret: this.opts.secret, from: this.opts.self.id,
      body: { type: 'crdt-push', pins: push } };
    await Promise.all(this.state.peers.filter((p) => p.id !== this.opts.self.id).map((p) => callPeer(p.addr, envelope, 1000)));
  }

  /** Handles a delta or rebroadcast (from trusted peers only) or a join. */
  async handle(from: string, body: Message): Promise<Reply> {
    if (body.type === 'crdt-push') {
      const push = body.pins as Push;
      for (const p of push.peers) this.remember(p);
      if (push.format > this.opts.deltaFormat) {
        log('ERROR', 'crdt', `error processing new head from ${from}: unknown delta format ${push.format}`);
      } else if (this.isTrusted(from)) {
        this.merge(push.entries);
      }
      return { ok: true, value: null };
    }
    if (body.type === 'join') {
      this.remember(body.member);
      void this.broadcast({}); // announces the newcomer to the peers we know
      return { ok: true, value: { entries: this.entries, peers: this.state.peers, format: this.opts.deltaFormat } satisfies Push };
    }
    return { ok: false, error: 'unknown rpc' };
  }

  /** Connects to a bootstrap peer, learns its peers and, when it is trusted, its pinset. */
  async join(addr: string): Promise<string | undefined> {
    const reply = await callPeer(addr, { protocol: this.opts.protocol, secret: this.opts.secret, from: this.opts.self.id,
      body: { type: 'join', member: this.opts.self } }, 5000);
    if (!reply.ok) return reply.error;
    const push = reply.value as Push;
    for (const p of push.peers) this.remember(p);
    const bootstrap = push.peers.find((p) => addr.startsWith(p.addr));
    if (push.format <= this.opts.deltaFormat && (!bootstrap || this.isTrusted(bootstrap.id))) this.merge(push.entries);
    return undefined;
  }
}
