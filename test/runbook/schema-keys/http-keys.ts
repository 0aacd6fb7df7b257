import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { join } from 'node:path';
import { tempDir } from '../../helpers/files.js';
import { endOf, run, type KeyTable } from './helpers.js';

interface Seen { readonly method: string; readonly headers: IncomingMessage['headers']; readonly body: string }

/** A server answering `status` (or never, for /slow); records each request. */
async function serving<T>(use: (url: string, seen: Seen[]) => Promise<T>, options: { status?: number; tls?: boolean } = {}): Promise<T> {
  const seen: Seen[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', headers: req.headers, body });
      if (req.url !== '/slow') res.writeHead(options.status ?? 200).end('{"ok": true}');
    });
  };
  const server: Server = options.tls ? createHttps(selfSigned(), handle) : createHttp(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as { port: number }).port}`, seen);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** A self-signed certificate for 127.0.0.1, made with openssl. */
function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = tempDir();
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

const get = async (args: string) => endOf(await run(`  - http: { ${args} }\n`), '1');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The http module's keys. */
export const HTTP_KEYS: KeyTable = {
  'task.http': async () => {
    await serving(async (url, seen) => {
      assert.deepEqual([(await get(`url: "${url}/"`)).status, seen.length], ['ok', 1]);
    });
  },
  'module.http.url': async () => {
    await serving(async (url) => assert.equal((await get(`url: "${url}/"`)).result?.content, '{"ok": true}'));
  },
  'module.http.method': async () => {
    await serving(async (url, seen) => {
      await get(`url: "${url}/", method: PUT`);
      assert.equal(seen[0]?.method, 'PUT');
    });
  },
  ...Object.fromEntries(METHODS.map((method) => [`module.http.method=${method}`, async () => {
    await serving(async (url, seen) => {
      assert.equal((await get(`url: "${url}/", method: ${method}`)).status, 'ok');
      assert.equal(seen[0]?.method, method);
    });
  }])),
  'module.http.body': async () => {
    await serving(async (url, seen) => {
      await get(`url: "${url}/", method: POST, body: { pin: "{{ inventory_hostname }}" }`);
      assert.deepEqual([seen[0]?.body, seen[0]?.headers['content-type']], ['{"pin":"h1"}', 'application/json']);
    });
  },
  'module.http.headers': async () => {
    await serving(async (url, seen) => {
      await get(`url: "${url}/", headers: { X-Trace: t-1 }`);
      assert.equal(seen[0]?.headers['x-trace'], 't-1');
    });
  },
  'module.http.status_code': async () => {
    await serving(async (url) => {
      assert.deepEqual([(await get(`url: "${url}/"`)).status, (await get(`url: "${url}/", status_code: [200, 201]`)).status], ['failed', 'ok']);
    }, { status: 201 });
  },
  'module.http.timeout': async () => {
    await serving(async (url) => {
      const started = Date.now();
      const end = await get(`url: "${url}/slow", timeout: 300ms`);
      assert.deepEqual([end.status, Date.now() - started < 5000], ['failed', true]);
      assert.match(end.reason ?? '', /timed out after 0\.3 s/);
    });
  },
  'module.http.validate_certs': async () => {
    await serving(async (url) => {
      assert.deepEqual([(await get(`url: "${url}/"`)).status, (await get(`url: "${url}/", validate_certs: false`)).status], ['failed', 'ok']);
    }, { tls: true });
  },
  'module.http.validate_certs@template': async () => {
    await serving(async (url) => assert.equal((await get(`url: "${url}/", validate_certs: "{{ false }}"`)).status, 'ok'), { tls: true });
  },
};
