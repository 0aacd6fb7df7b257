import type { Member, Pin } from '../core/state.js';
import type { Message, Reply } from './transport.js';

/** The replicated state: the peerset and the pinset, with a commit counter. */
export interface ClusterState { readonly index: number; readonly peers: readonly Member[]; readonly pins: readonly Pin[] }

/** A change to the replicated state. */
export type Op =
  | { readonly kind: 'pin'; readonly pin: Pin }
  | { readonly kind: 'unpin'; readonly cid: string }
  | { readonly kind: 'peer-add'; readonly member: Member }
  | { readonly kind: 'peer-rm'; readonly id: string };

/**
 * What the daemon asks of its consensus component, Raft or CRDT (the real `ipfscluster.Consensus`): the shared state,
 * readiness, committing an operation, handling a peer's RPC and joining through a bootstrap address.
 */
export interface Consensus {
  readonly state: ClusterState;
  start(): void;
  stop(): void;
  leaderId(): string | undefined;
  isReady(): boolean;
  /** Commits an op; throws the error the API answers with. */
  commit(op: Op): Promise<void>;
  handle(from: string, body: Message): Promise<Reply>;
  /** Joins through a bootstrap address; the error text, or undefined once joined. */
  join(addr: string): Promise<string | undefined>;
}

/** Applies an op; throws the error Raft/cluster would return. */
export function applyOp(state: ClusterState, op: Op): ClusterState {
  switch (op.kind) {
    case 'pin': return { ...state, pins: [...state.pins.filter((p) => p.cid !== op.pin.cid), op.pin] };
    case 'unpin': return { ...state, pins: state.pins.filter((p) => p.cid !== op.cid) };
    case 'peer-add': return { ...state, peers: [...state.peers.filter((p) => p.id !== op.member.id), op.member] };
    case 'peer-rm':
      if (state.peers.length === 1 && state.peers[0]!.id === op.id) throw new Error('cannot remove ourselves from a 1-peer cluster');
      return { ...state, peers: state.peers.filter((p) => p.id !== op.id) };
  }
}
