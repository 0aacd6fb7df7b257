import type { Member, Pin } from '../core/state.js';
import { applyOp, type ClusterState, type Op } from './raft.js';
import { callPeer, type Envelope, type Message, type Reply } from './transport.js';

/** What the CRDT stand-in needs from the daemon. */
export interface CrdtOptions {
  readonly self: Member;
  readonly protocol: string;
  readonly secret: string;
  readonly pins: readonly Pin[];
  readonly peers: readonly Member[];
  readonly persist: (pins: readonly Pin[]) => void;
}

/** CRDT consensus (v0.11+), reduced to what upgrades see: no leader, ready at once, pins pushed to known peers. */
export class CrdtNode {
  state: ClusterState;

  constructor(private readonly opts: CrdtOptions) {
    this.state = { index: 0, peers: [opts.self, ...opts.peers.filter((p) => p.id !== opts.self.id)], pins: opts.pins };
  }

  /** Nothing to start: there is no election. */
  start(): void { /* no timers */ }

  /** Nothing to stop. */
  stop(): void { /* no timers */ }

  /** CRDT has no leader. */
  leaderId(): string | undefined { return undefined; }

  /** Always ready once started. */
  isReady(): boolean { return true; }

  /** Adds a peer we heard from (trust all). */
  private remember(member: Member): void {
    if (!this.state.peers.some((p) => p.id === member.id)) this.state = { ...this.state, peers: [...this.state.peers, member] };
  }

  /** Applies a pin change locally and pushes the pinset to every known peer. */
  async commit(op: Op): Promise<void> {
    if (op.kind === 'peer-rm') throw new Error('crdt consensus component cannot remove peers');
    this.state = applyOp(this.state, op);
    this.opts.persist(this.state.pins);
    await this.broadcast();
  }

  private async broadcast(): Promise<void> {
    const envelope: Envelope = { protocol: this.opts.protocol, secret: this.opts.secret, from: this.opts.self.id,
      body: { type: 'crdt-push', pins: { pins: this.state.pins, peers: this.state.peers } } };
    await Promise.all(this.state.peers.filter((p) => p.id !== this.opts.self.id).map((p) => callPeer(p.addr, envelope, 1000)));
  }

  /** Handles a push (pinset and known peers) or a join from another peer. */
  async handle(_from: string, body: Message): Promise<Reply> {
    if (body.type === 'crdt-push') {
      const pushed = body.pins as { pins: Pin[]; peers: Member[] };
      for (const p of pushed.peers) if (p.id !== this.opts.self.id) this.remember(p);
      this.state = { ...this.state, pins: pushed.pins };
      this.opts.persist(this.state.pins);
      return { ok: true, value: null };
    }
    if (body.type === 'join') {
      this.remember(body.member);
      void this.broadcast();
      return { ok: true, value: { state: this.state } };
    }
    return { ok: false, error: 'unknown rpc' };
  }

  /** Contacts a bootstrap peer and takes its pinset and peers. */
  async join(addr: string): Promise<string | undefined> {
    const reply = await callPeer(addr, { protocol: this.opts.protocol, secret: this.opts.secret, from: this.opts.self.id,
      body: { type: 'join', member: this.opts.self } }, 5000);
    if (!reply.ok) return reply.error;
    const state = (reply.value as { state: ClusterState }).state;
    for (const p of state.peers) if (p.id !== this.opts.self.id) this.remember(p);
    this.state = { ...this.state, pins: state.pins };
    this.opts.persist(this.state.pins);
    return undefined;
  }
}
