import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseDuration } from '../runbook/index.js';
import { isTrue } from '../template/index.js';
import type { ModuleDefinition } from './types.js';

interface HttpArgs {
  readonly url: string;
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly status_code?: number | readonly number[];
  readonly timeout?: number | string;
  readonly validate_certs?: boolean | string;
}

interface Request {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly isCertChecked: boolean;
  readonly timeoutMs: number;
}

/** Sends one request and reads the whole response; rejects when the transport fails or the time is up. */
function send(url: URL, request: Request): Promise<{ status: number; content: string }> {
  return new Promise((resolve, reject) => {
    const onResponse = (response: IncomingMessage) => {
      let content = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { content += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, content }));
      response.on('error', reject);
    };
    const options = { method: request.method, headers: request.headers, signal: AbortSignal.timeout(request.timeoutMs) };
    const sent = url.protocol === 'https:' ? httpsRequest(url, { ...options, rejectUnauthorized: request.isCertChecked }, onResponse) : httpRequest(url, options, onResponse);
    sent.on('error', reject);
    sent.end(request.body);
  });
}

/** The request an http step makes: a map or list body goes as JSON, with its Content-Type unless one is given. */
function requestOf(args: HttpArgs): Request {
  const isJson = args.body !== undefined && typeof args.body !== 'string';
  const headers = { ...(args.headers ?? {}) };
  if (isJson && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  return {
    method: args.method ?? 'GET', headers, body: args.body === undefined ? undefined : isJson ? JSON.stringify(args.body) : String(args.body),
    isCertChecked: args.validate_certs === undefined || isTrue(args.validate_certs), timeoutMs: parseDuration(args.timeout ?? 30),
  };
}

/** An HTTP request from the controller (as Ansible's uri with delegate_to: localhost); fails on an unexpected status. */
export const httpModule: ModuleDefinition = {
  name: 'http',
  acts: 'host',
  describe: (args) => {
    const a = args as HttpArgs;
    const parts = [
      a.body === undefined ? undefined : typeof a.body === 'string' ? 'with a body' : 'with a JSON body',
      a.status_code === undefined ? undefined : `expecting ${[a.status_code].flat().join(' or ')}`,
      a.validate_certs === undefined || a.validate_certs === true ? undefined : `validate_certs: ${String(a.validate_certs)}`,
    ].filter((p) => p !== undefined);
    return `${a.method ?? 'GET'} ${a.url}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  },
  async run(context) {
    const args = context.render(context.args) as HttpArgs;
    const expected = args.status_code === undefined ? [200] : Array.isArray(args.status_code) ? args.status_code : [args.status_code];
    const request = requestOf(args);
    try {
      const { status, content } = await send(new URL(args.url), request);
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        json = undefined;
      }
      const failed = !expected.includes(status);
      return { changed: false, failed, status, content, ...(json === undefined ? {} : { json }),
        ...(failed ? { msg: `status ${status}, expected ${expected.join(' or ')}` } : {}) };
    } catch (error) {
      const why = (error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError'
        ? `timed out after ${(request.timeoutMs / 1000).toFixed(1)} s` : (error as Error).message;
      return { changed: false, failed: true, status: -1, msg: `request to ${args.url} failed: ${why}` };
    }
  },
};
