import { createHash } from 'node:crypto';
import type { LoadedConfig } from '../core/config.js';
import type { Member } from '../core/state.js';
import { makePin } from '../core/state.js';
import { pinToJson } from '../core/pin-json.js';
import type { VersionSpec } from '../versions.js';
import type { Consensus } from './consensus.js';
import { ApiError, type PeerApi } from './rest-api.js';
import { callPeer, type Envelope, type Reply } from './transport.js';

export type { Consensus } from './consensus.js';

function ipfsIdOf(id: string): string {
  return `Qm${createHash('sha256').update(id).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 44)}`;
}

/** The REST API and cluster RPCs of one running peer. */
/** A peer's tracker as another peer asks it (RPC pin-health). */
interface Tracker { readonly error: string; readonly cids: readonly string[] }

export class Peer implements PeerApi {
  constructor(
    private readonly spec: VersionSpec,
    private readonly config: LoadedConfig,
    readonly self: Member,
    readonly consensus: Consensus,
    private readonly opts: { readonly isDeaf: boolean; readonly version: string; readonly pinError: string },
  ) {}

  private envelope(): Envelope {
    return { protocol: this.spec.rpcProtocol, secret: this.config.secret, from: this.self.id, body: { type: 'id' } };
  }

  /** Handles one RPC from another peer, after the protocol and secret checks libp2p would do. */
  async handle(envelope: Envelope): Promise<Reply> {
    if (this.opts.isDeaf) return { ok: false, error: 'stream reset' };
    if (envelope.secret !== this.config.secret) return { ok: false, error: 'failed to negotiate security protocol: private network secret mismatch' };
    if (envelope.protocol !== this.spec.rpcProtocol) return { ok: false, error: `protocol not supported: ${envelope.protocol}` };
    if (envelope.body.type === 'id') return { ok: true, value: this.id() };
    if (envelope.body.type === 'pin-health') return { ok: true, value: this.tracker() };
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
      version: this.opts.version, commit: '', rpc_protocol_version: this.spec.rpcProtocol, error: '',
      ipfs: { id: ipfsId, addresses: [`/ip4/127.0.0.1/tcp/4001/${proto}/${ipfsId}`], error: '' },
      peername: this.config.peername,
    };
  }

  version(): Record<string, unknown> {
    return { [this.spec.ctlVersionKey]: this.opts.version };
  }

  async peers(): Promise<Record<string, unknown>[]> {
    return Promise.all(this.consensus.state.peers.map(async (p) => {
      if (p.id === this.self.id) return this.id();
      const reply = await callPeer(p.addr, this.envelope(), 2000);
      const answer = reply.ok ? reply.value as Record<string, unknown> : undefined;
      // A peer re-inited with a new identity at the same address fails libp2p's key check.
      const error = !reply.ok ? reply.error : answer?.['id'] !== p.id
        ? `failed to dial ${p.id}: peer id mismatch: expected ${p.id}, but remote key matches ${String(answer?.['id'])}` : '';
      return error ? { id: p.id, addresses: [], cluster_peers: [], error, peername: '' } : answer!;
    }));
  }

  async removePeer(id: string): Promise<void> {
    await this.commit({ kind: 'peer-rm', id });
  }

  async pin(cid: string, name: string): Promise<Record<string, unknown>> {
    const pin = makePin(cid, name, this.spec.pinFields.includes('timestamp') ? new Date().toISOString() : undefined);
    await this.commit({ kind: 'pin', pin });
    return pinToJson(pin, this.spec);
  }

  async unpin(cid: string): Promise<Record<string, unknown>> {
    const pin = this.consensus.state.pins.find((p) => p.cid === cid);
    if (!pin) throw new ApiError(500, `cannot unpin pin uncommitted to state: not found`);
    await this.commit({ kind: 'unpin', cid });
    return pinToJson(pin, this.spec);
  }

  private async commit(op: Parameters<Consensus['commit']>[0]): Promise<void> {
    try {
      await this.consensus.commit(op);
    } catch (error) {
      throw new ApiError(500, (error as Error).message);
    }
  }

  allocations(cid?: string): Record<string, unknown>[] {
    return this.consensus.state.pins.filter((p) => !cid || p.cid === cid).map((p) => pinToJson(p, this.spec));
  }

  // What this peer's tracker reports: its pin error ('' = none; the sim fault pin-error makes every pin PIN_ERROR
  // there) and the CIDs in its own state (a pin its state lacks yet is UNPINNED there, as the stateless tracker says).
  private tracker(): Tracker {
    return { error: this.opts.pinError, cids: this.consensus.state.pins.map((p) => p.cid) };
  }

  private async trackerOf(peer: Record<string, unknown>): Promise<Tracker | undefined> {
    if (peer['error']) return undefined;
    if (peer['id'] === this.self.id) return this.tracker();
    const member = this.consensus.state.peers.find((m) => m.id === peer['id']);
    const reply = member ? await callPeer(member.addr, { ...this.envelope(), body: { type: 'pin-health' } }, 2000) : undefined;
    return reply?.ok ? reply.value as Tracker : { error: '', cids: this.consensus.state.pins.map((p) => p.cid) };
  }

  async status(cid?: string): Promise<Record<string, unknown>[]> {
    const peers = await this.peers();
    const trackers = await Promise.all(peers.map((p) => this.trackerOf(p)));
    // ≤0.9 send PinInfoSerial, whose TS is pi.TS.UTC().Format(time.RFC3339): whole seconds.
    const iso = new Date().toISOString();
    const now = this.spec.pinInfoTimestamp === 'seconds' ? `${iso.slice(0, 19)}Z` : iso;
    const pins = this.consensus.state.pins.filter((p) => !cid || p.cid === cid);
    if (cid && !pins.length) pins.push(makePin(cid));
    return pins.map((pin) => {
      const peerMap = Object.fromEntries(peers.map((p, i) => {
        const there = trackers[i];
        const isPinned = there?.cids.includes(pin.cid) ?? false;
        const status = p['error'] ? 'cluster_error' : isPinned && there?.error ? 'pin_error' : isPinned ? 'pinned' : 'unpinned';
        return [String(p['id']), { cid: pin.cid, peer: p['id'], peername: p['peername'] ?? '', timestamp: now,
          error: p['error'] || (isPinned && there?.error) || '', status }];
      }));
      return { cid: this.spec.pinCid === 'object' ? { '/': pin.cid } : pin.cid, name: pin.name, peer_map: peerMap };
    });
  }
}
