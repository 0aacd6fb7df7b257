import type { ModuleDefinition } from './types.js';

interface HttpArgs {
  readonly url: string;
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly status_code?: number | readonly number[];
  readonly timeout?: number;
}

/** An HTTP request from the controller (as Ansible's uri with delegate_to: localhost); fails on an unexpected status. */
export const httpModule: ModuleDefinition = {
  name: 'http',
  acts: 'host',
  describe: (args) => `${(args as HttpArgs).method ?? 'GET'} ${(args as HttpArgs).url}`,
  async run(context) {
    const args = context.render(context.args) as HttpArgs;
    const expected = args.status_code === undefined ? [200] : Array.isArray(args.status_code) ? args.status_code : [args.status_code];
    const body = args.body === undefined ? undefined : typeof args.body === 'string' ? args.body : JSON.stringify(args.body);
    try {
      const response = await fetch(args.url, {
        method: args.method ?? 'GET', ...(body === undefined ? {} : { body }), headers: args.headers ?? {},
        signal: AbortSignal.timeout((args.timeout ?? 30) * 1000),
      });
      const content = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        json = undefined;
      }
      const failed = !expected.includes(response.status);
      return { changed: false, failed, status: response.status, content, ...(json === undefined ? {} : { json }),
        ...(failed ? { msg: `status ${response.status}, expected ${expected.join(' or ')}` } : {}) };
    } catch (error) {
      return { changed: false, failed: true, status: -1, msg: `request to ${args.url} failed: ${(error as Error).message}` };
    }
  },
};
