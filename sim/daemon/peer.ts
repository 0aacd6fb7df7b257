import { createHash } from 'node:crypto';
import type { LoadedConfig } from '../core/config.js';
import type { Member } from '../core/state.js';
import { makePin } from '../core/state.js';
import { pinToJson } from '../core/pin-json.js';
import type { VersionSpec } from '../versions.js';
import type { CrdtNode } from './crdt.js';
import type { RaftNode } from './raft.js';
import { ApiError, type PeerApi } from './rest-api.js';
import { callPeer, type Envelope, type Reply } from './transport.js';

/** A running peer's consensus: the small Raft or the CRDT stand-in. */
export type Consensus = RaftNode | CrdtNode;

function ipfsIdOf(id: string): string {
  return `Qm${createHash('sha256').update(id).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 44)}`;
}

/** The REST API and cluster RPCs of one running peer. */
export class Peer implements PeerApi {
  constructor(
    private readonly spec: VersionSpec,
    private readonly config: LoadedConfig,
    readonly self: Member,
    readonly consensus: Consensus,
    private readonly isDeaf: boolean,
  ) {}

  private envelope(): Envelope {
    return { protocol: this.spec.rpcProtocol, secret: this.config.secret, from: this.self.id, body: { type: 'id' } };
  }

  /** Handles one RPC from another peer, after the protocol and secret checks libp2p would do. */
  async handle(envelope: Envelope): Promise<Reply> {
    if (this.isDeaf) return { ok: false, error: 'stream reset' };
    if (envelope.secret !== this.config.secret) return { ok: false, error: 'failed to negotiate security protocol: private network secret mismatch' };
    if (envelope.protocol !== this.spec.rpcProtocol) return { ok: false, error: `protocol not supported: ${envelope.protocol}` };
    if (envelope.body.type === 'id') return { ok: true, value: this.id() };
    return this.consensus.handle(envelope.from, envelope.body);
  }

  id(): Record<string, unknown> {
    const proto = this.spec.addrProtocol;
    const others = this.consensus.state.peers.filter((p) => p.id !== this.self.id);
    const ipfsId = ipfsIdOf(this.self.id);
    return {
      id: this.self.id, addresses: [`${this.self.addr}/${proto}/${this.self.id}`],
      cluster_peers: this.consensus.state.peers.map((p) => p.id),
      cluster_peers_addresses: others.map((p) => `${p.addr}/${proto}/${p.id}`),
      version: this.spec.version, commit: '', rpc_protocol_version: this.spec.rpcProtocol, error: '',
      ipfs: { id: ipfsId, addresses: [`/ip4/127.0.0.1/tcp/4001/${proto}/${ipfsId}`], error: '' },
      peername: this.config.peername,
    };
  }

  version(): Record<string, unknown> {
    return { [this.spec.ctlVersionKey]: this.spec.version };
  }

  async peers(): Promise<Record<string, unknown>[]> {
    return Promise.all(this.consensus.state.peers.map(async (p) => {
      if (p.id === this.self.id) return this.id();
      const reply = await callPeer(p.addr, this.envelope(), 2000);
      return reply.ok ? reply.value as Record<string, unknown> : { id: p.id, addresses: [], cluster_peers: [], error: reply.error, peername: '' };
    }));
  }

  async removePeer(id: string): Promise<void> {
    await this.commit({ kind: 'peer-rm', id });
  }

  async pin(cid: string, name: string): Promise<Record<string, unknown>> {
    const pin = makePin(cid, name);
    await this.commit({ kind: 'pin', pin });
    return pinToJson(pin, this.spec.version);
  }

  async unpin(cid: string): Promise<Record<string, unknown>> {
    const pin = this.consensus.state.pins.find((p) => p.cid === cid);
    if (!pin) throw new ApiError(500, `cannot unpin pin uncommitted to state: not found`);
    await this.commit({ kind: 'unpin', cid });
    return pinToJson(pin, this.spec.version);
  }

  private async commit(op: Parameters<Consensus['commit']>[0]): Promise<void> {
    try {
      await this.consensus.commit(op);
    } catch (error) {
      throw new ApiError(500, (error as Error).message);
    }
  }

  allocations(cid?: string): Record<string, unknown>[] {
    return this.consensus.state.pins.filter((p) => !cid || p.cid === cid).map((p) => pinToJson(p, this.spec.version));
  }

  async status(cid?: string): Promise<Record<string, unknown>[]> {
    const peers = await this.peers();
    const now = new Date().toISOString();
    const pins = this.consensus.state.pins.filter((p) => !cid || p.cid === cid);
    if (cid && !pins.length) pins.push(makePin(cid));
    return pins.map((pin) => {
      const isPinned = this.consensus.state.pins.includes(pin);
      const peerMap = Object.fromEntries(peers.map((p) => [String(p['id']), {
        cid: pin.cid, peer: p['id'], peername: p['peername'] ?? '', timestamp: now, error: p['error'] || '',
        status: p['error'] ? 'cluster_error' : isPinned ? 'pinned' : 'unpinned' }]));
      return { cid: pin.cid, name: pin.name, peer_map: peerMap };
    });
  }
}
