import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { TcpAddress } from '../core/multiaddr.js';
import { parseMultiaddr } from '../core/multiaddr.js';

/** A request between peers; `protocol` and `secret` are checked like libp2p's protocol negotiation and pnet. */
export interface Envelope { readonly protocol: string; readonly secret: string; readonly from: string; readonly body: Message }

/** The cluster RPCs the simulator speaks. */
export type Message =
  | { readonly type: 'vote'; readonly term: number; readonly index: number }
  | { readonly type: 'append'; readonly term: number; readonly state: unknown }
  | { readonly type: 'commit'; readonly op: unknown }
  | { readonly type: 'join'; readonly member: { id: string; addr: string } }
  | { readonly type: 'id' }
  | { readonly type: 'pin-health' }
  | { readonly type: 'crdt-push'; readonly pins: unknown };

/** A reply: a value or the error the remote gave. */
export type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Serves peer RPCs on the cluster address; one JSON line in, one JSON line out per connection. */
export function serveCluster(address: TcpAddress, handle: (e: Envelope) => Promise<Reply>): Promise<Server> {
  const server = createServer((socket: Socket) => {
    let data = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      data += chunk;
      const end = data.indexOf('\n');
      if (end < 0) return;
      let envelope: Envelope;
      try { envelope = JSON.parse(data.slice(0, end)) as Envelope; } catch { socket.destroy(); return; }
      handle(envelope).then((reply) => socket.end(`${JSON.stringify(reply)}\n`), (error: Error) => socket.end(
        `${JSON.stringify({ ok: false, error: error.message })}\n`));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve(server));
  });
}

/** Calls a peer at a multiaddress; transport failures come back as `{ ok: false }`, never thrown. */
export function callPeer(addr: string, envelope: Envelope, timeoutMs: number): Promise<Reply> {
  const target = parseMultiaddr(addr);
  if (!target) return Promise.resolve({ ok: false, error: `invalid multiaddress ${addr}` });
  return new Promise((resolve) => {
    let data = '';
    let isDone = false;
    const finish = (reply: Reply) => { if (!isDone) { isDone = true; socket.destroy(); resolve(reply); } };
    const socket = createConnection({ host: target.host, port: target.port });
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => finish({ ok: false, error: 'context deadline exceeded' }));
    socket.on('connect', () => socket.write(`${JSON.stringify(envelope)}\n`));
    socket.on('data', (chunk: string) => { data += chunk; });
    socket.on('end', () => {
      try { finish(JSON.parse(data) as Reply); } catch { finish({ ok: false, error: 'stream reset' }); }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false,
      error: `dial tcp ${target.host}:${target.port}: connect: ${error.code === 'ECONNREFUSED' ? 'connection refused' : error.message}` }));
  });
}
