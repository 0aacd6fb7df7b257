import type { Member, Pin } from '../core/state.js';
import { callPeer, type Envelope, type Message, type Reply } from './transport.js';
import { applyOp, type ClusterState, type Consensus, type Op } from './consensus.js';

export type { ClusterState, Op } from './consensus.js';

/** What a Raft node needs from the daemon. */
export interface RaftOptions {
  readonly self: Member;
  readonly protocol: string;
  readonly secret: string;
  readonly term: number;
  readonly state: ClusterState;
  /** Persists term and state (raft.db). */
  readonly persist: (term: number, state: ClusterState) => void;
  /** Called once when this peer sees itself removed from the peerset. */
  readonly onRemoved: () => void;
}

const HEARTBEAT_MS = 100;
const LEASE_MS = 1500;
const RPC_TIMEOUT_MS = 500;
const NO_LEADER = 'leader unknown or not existing yet';

function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** A small Raft: elections with terms and majority votes, a leader that replicates the whole state on each heartbeat. */
export class RaftNode implements Consensus {
  private role: 'follower' | 'candidate' | 'leader' = 'follower';
  private term: number;
  private votedFor: string | undefined;
  private leader: string | undefined;
  private lastHeard = Date.now();
  private readonly lastAck = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private electionDeadline = 0;
  private commits: Promise<unknown> = Promise.resolve();
  private isRemoved = false;
  private isBusy = false;
  private wasMember: boolean;
  state: ClusterState;

  constructor(private readonly opts: RaftOptions) {
    this.term = opts.term;
    this.state = opts.state;
    this.wasMember = this.isMember();
  }

  /** Starts the election and heartbeat loop. */
  start(): void {
    this.resetElection();
    // A sole member needs no votes: elect at the first tick rather than after a timeout.
    if (this.state.peers.length === 1 && this.isMember()) this.electionDeadline = 0;
    this.timer = setInterval(() => { void this.tick(); }, HEARTBEAT_MS);
  }

  /** Stops all timers. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The current leader's peer ID, if any. */
  leaderId(): string | undefined {
    return this.leader;
  }

  /** True when this peer is in the peerset and a leader is known. */
  isReady(): boolean {
    return this.isMember() && this.leader !== undefined;
  }

  private isMember(): boolean {
    return this.state.peers.some((p) => p.id === this.opts.self.id);
  }

  private resetElection(): void {
    this.electionDeadline = Date.now() + 500 + Math.random() * 500;
  }

  private envelope(body: Message): Envelope {
    return { protocol: this.opts.protocol, secret: this.opts.secret, from: this.opts.self.id, body };
  }

  private others(peers: readonly Member[] = this.state.peers): Member[] {
    return peers.filter((p) => p.id !== this.opts.self.id);
  }

  private adopt(state: ClusterState): void {
    this.state = state;
    this.opts.persist(this.term, state);
    if (this.isMember()) this.wasMember = true;
    else if (this.wasMember && !this.isRemoved) { this.isRemoved = true; this.opts.onRemoved(); }
  }

  private async tick(): Promise<void> {
    if (this.isRemoved || this.isBusy) return;
    this.isBusy = true;
    try {
      if (this.role === 'leader') await this.heartbeat();
      else if (this.isMember() && Date.now() > this.electionDeadline) await this.campaign();
    } finally {
      this.isBusy = false;
    }
  }

  private async heartbeat(): Promise<void> {
    const now = Date.now();
    await this.replicate(this.state);
    const alive = this.others().filter((p) => now - (this.lastAck.get(p.id) ?? 0) < LEASE_MS).length + 1;
    if (this.role === 'leader' && alive < majority(this.state.peers.length) && now - this.lastHeard > LEASE_MS) {
      this.role = 'follower';
      this.leader = undefined;
      this.resetElection();
    }
  }

  private async replicate(state: ClusterState, peers = this.others()): Promise<number> {
    const replies = await Promise.all(peers.map(async (p) => {
      const reply = await callPeer(p.addr, this.envelope({ type: 'append', term: this.term, state }), RPC_TIMEOUT_MS);
      if (reply.ok) this.lastAck.set(p.id, Date.now());
      return reply.ok;
    }));
    return replies.filter(Boolean).length;
  }

  private async campaign(): Promise<void> {
    this.role = 'candidate';
    this.term += 1;
    this.votedFor = this.opts.self.id;
    this.leader = undefined;
    this.resetElection();
    this.opts.persist(this.term, this.state);
    const term = this.term;
    const replies = await Promise.all(this.others().map((p) =>
      callPeer(p.addr, this.envelope({ type: 'vote', term, index: this.state.index }), RPC_TIMEOUT_MS)));
    const votes = 1 + replies.filter((r) => r.ok && r.value === true).length;
    if (this.role !== 'candidate' || this.term !== term) return;
    if (votes >= majority(this.state.peers.length)) {
      this.role = 'leader';
      this.leader = this.opts.self.id;
      this.lastHeard = Date.now();
      await this.heartbeat();
    }
  }

  /** Handles a Raft RPC from a peer. */
  async handle(from: string, body: Message): Promise<Reply> {
    if (body.type === 'vote') return { ok: true, value: this.onVote(from, body.term, body.index) };
    if (body.type === 'append') return this.onAppend(from, body.term, body.state as ClusterState);
    if (body.type === 'commit') return this.commit(body.op as Op).then(() => ({ ok: true, value: null }), (e: Error) => ({ ok: false, error: e.message }));
    if (body.type === 'join') return this.onJoin(body.member);
    return { ok: false, error: 'unknown rpc' };
  }

  private onVote(from: string, term: number, index: number): boolean {
    if (term > this.term) { this.term = term; this.votedFor = undefined; if (this.role !== 'follower') this.role = 'follower'; }
    const hasLiveLeader = this.leader !== undefined && this.leader !== from && Date.now() - this.lastHeard < 500;
    if (term < this.term || hasLiveLeader || index < this.state.index) return false;
    if (this.votedFor !== undefined && this.votedFor !== from) return false;
    this.votedFor = from;
    this.resetElection();
    this.opts.persist(this.term, this.state);
    return true;
  }

  private onAppend(from: string, term: number, state: ClusterState): Reply {
    if (term < this.term) return { ok: false, error: 'stale term' };
    this.term = term;
    this.role = 'follower';
    this.leader = from;
    this.lastHeard = Date.now();
    this.resetElection();
    if (JSON.stringify(state) !== JSON.stringify(this.state)) this.adopt(state);
    return { ok: true, value: null };
  }

  private async onJoin(member: Member): Promise<Reply> {
    try {
      await this.commit({ kind: 'peer-add', member });
      return { ok: true, value: { state: this.state, term: this.term, leader: this.leader } };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }

  /** Commits an op through the leader (forwarding when we are not it); throws the error to show the user. */
  async commit(op: Op): Promise<void> {
    if (this.role !== 'leader') {
      const leader = this.state.peers.find((p) => p.id === this.leader);
      if (!leader) throw new Error(NO_LEADER);
      const reply = await callPeer(leader.addr, this.envelope({ type: 'commit', op }), 3000);
      if (!reply.ok) throw new Error(reply.error);
      return;
    }
    const run = this.commits.then(() => this.leaderCommit(op));
    this.commits = run.catch(() => undefined);
    return run;
  }

  private async leaderCommit(op: Op): Promise<void> {
    const before = this.state;
    const after = { ...applyOp(before, op), index: before.index + 1 };
    this.state = after;
    this.opts.persist(this.term, after);
    const voters = [...this.others(before.peers), ...this.others(after.peers).filter((p) => !before.peers.some((b) => b.id === p.id))];
    const acks = await this.replicate(after, voters);
    if (acks + 1 < majority(before.peers.length)) {
      this.state = before;
      this.opts.persist(this.term, before);
      throw new Error('could not commit: no majority of peers answered');
    }
    if (!this.isMember() && !this.isRemoved) { this.isRemoved = true; this.opts.onRemoved(); }
  }

  /** Asks a peer to add us (daemon --bootstrap); adopts the cluster state it answers with. */
  async join(addr: string): Promise<string | undefined> {
    const reply = await callPeer(addr, this.envelope({ type: 'join', member: this.opts.self }), 5000);
    if (!reply.ok) return reply.error;
    const value = reply.value as { state: ClusterState; term: number };
    this.term = Math.max(this.term, value.term);
    this.adopt(value.state);
    return undefined;
  }
}
