import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TcpAddress } from '../core/multiaddr.js';

/** An error the REST API answers with (`{code, message}` and that HTTP status). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

/** What the REST API asks of the running peer. */
export interface PeerApi {
  id(): Record<string, unknown>;
  version(): Record<string, unknown>;
  peers(): Promise<Record<string, unknown>[]>;
  removePeer(id: string): Promise<void>;
  pin(cid: string, name: string): Promise<Record<string, unknown>>;
  unpin(cid: string): Promise<Record<string, unknown>>;
  allocations(cid?: string): Record<string, unknown>[];
  status(cid?: string): Promise<Record<string, unknown>[]>;
}

type Route = (api: PeerApi, param: string, query: URLSearchParams) => Promise<unknown> | unknown;

const ROUTES: readonly (readonly [method: string, pattern: RegExp, route: Route])[] = [
  ['GET', /^\/id$/, (api) => api.id()],
  ['GET', /^\/version$/, (api) => api.version()],
  ['GET', /^\/peers$/, (api) => api.peers()],
  ['DELETE', /^\/peers\/([^/]+)$/, async (api, id) => { await api.removePeer(id); return null; }],
  ['POST', /^\/pins\/([^/]+)$/, (api, cid, q) => api.pin(cid, q.get('name') ?? '')],
  ['DELETE', /^\/pins\/([^/]+)$/, (api, cid) => api.unpin(cid)],
  ['GET', /^\/allocations$/, (api) => api.allocations()],
  ['GET', /^\/allocations\/([^/]+)$/, (api, cid) => {
    const found = api.allocations(cid);
    if (!found.length) throw new ApiError(404, 'cid is not part of the global state');
    return found[0];
  }],
  ['GET', /^\/pins$/, (api) => api.status()],
  ['GET', /^\/pins\/([^/]+)$/, async (api, cid) => (await api.status(cid))[0]],
];

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body === null ? '' : JSON.stringify(body));
}

async function dispatch(getApi: () => PeerApi | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const api = getApi();
  if (!api) { send(res, 503, { code: 503, message: 'cluster is starting' }); return; }
  for (const [method, pattern, route] of ROUTES) {
    const m = pattern.exec(url.pathname);
    if (!m || method !== req.method) continue;
    try {
      const body = await route(api, decodeURIComponent(m[1] ?? ''), url.searchParams);
      send(res, body === null ? 204 : 200, body);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 500;
      send(res, status, { code: status, message: (error as Error).message });
    }
    return;
  }
  send(res, 404, { code: 404, message: 'not found' });
}

/** Serves the REST API of one peer on its http_listen_multiaddress (503 until the peer exists). */
export function serveRestApi(address: TcpAddress, getApi: () => PeerApi | undefined): Promise<Server> {
  const server = createServer((req, res) => { req.resume(); void dispatch(getApi, req, res); });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve(server));
  });
}

/** The IPFS proxy endpoint (9095): it answers, but there is no IPFS daemon behind it in the simulator. */
export function serveProxy(address: TcpAddress): Promise<Server> {
  const server = createServer((req, res) => { req.resume(); send(res, 502, { Message: 'ipfs daemon not simulated', Code: 0 }); });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve(server));
  });
}
