import type { LoadedConfig } from '../core/config.js';
import { log } from '../core/log.js';
import { parseMultiaddr } from '../core/multiaddr.js';
import { readPeerstore } from '../core/peerstore.js';
import { readLatestSnapshot, readRaftDb, type Member } from '../core/state.js';
import type { Invocation } from '../service/invocation.js';
import { raftFolderOf } from '../service/state-commands.js';
import type { DaemonFlags } from './preflight.js';
import type { ClusterState } from './raft.js';

function legacyPeers(config: LoadedConfig): Member[] {
  return config.configPeers.flatMap((text) => {
    const addr = parseMultiaddr(text);
    return addr?.peerId ? [{ id: addr.peerId, addr: `/ip4/${addr.host}/tcp/${addr.port}` }] : [];
  });
}

function freshPeerset(inv: Invocation, config: LoadedConfig, self: Member): Member[] {
  if (inv.spec.hasConfigPeers) return [...legacyPeers(config).filter((p) => p.id !== self.id), self];
  const known = readPeerstore(inv.folder);
  const others = config.initPeerset.filter((id) => id !== self.id)
    .map((id) => known.find((p) => p.id === id) ?? { id, addr: '/ip4/127.0.0.1/tcp/0' });
  return [...others, self];
}

/** The Raft term and state a daemon starts from: raft.db, else the latest snapshot, else a fresh peerset. */
export function initialRaftState(inv: Invocation, config: LoadedConfig, self: Member, flags: DaemonFlags): { term: number; state: ClusterState } {
  const folder = raftFolderOf(inv, config);
  const db = readRaftDb(folder);
  const snap = readLatestSnapshot(folder);
  if ((db || snap) && config.initPeerset.length) log('WARNING', 'raft', 'existing Raft state found! raft.InitPeerset will be ignored');
  if (db) return { term: db.term, state: { index: db.index, peers: db.peers, pins: db.pins } };
  if (snap) return { term: snap.term, state: { index: snap.index, peers: snap.peers.length ? snap.peers : [self], pins: snap.pins } };
  const isStaging = flags.bootstrap.length > 0 || (inv.spec.hasConfigPeers && config.configBootstrap.length > 0);
  return { term: 0, state: { index: 0, peers: isStaging ? [] : freshPeerset(inv, config, self), pins: [] } };
}
