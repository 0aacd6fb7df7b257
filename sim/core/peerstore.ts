import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Member } from './state.js';
import { parseMultiaddr } from './multiaddr.js';

/** The peers listed in `<folder>/peerstore` (one multiaddress per line, ending in /ipfs|p2p/<id>). */
export function readPeerstore(folder: string): Member[] {
  const path = join(folder, 'peerstore');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').flatMap((line) => {
    const addr = parseMultiaddr(line);
    return addr?.peerId ? [{ id: addr.peerId, addr: `/ip4/${addr.host}/tcp/${addr.port}` }] : [];
  });
}

/** Writes the peerstore from the peers other than ourselves. */
export function writePeerstore(folder: string, peers: readonly Member[], protocol: 'ipfs' | 'p2p'): void {
  writeFileSync(join(folder, 'peerstore'), peers.map((p) => `${p.addr}/${protocol}/${p.id}\n`).join(''));
}
