import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { EngineError } from '../core/index.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';

interface CopyArgs {
  readonly src?: string;
  readonly content?: string;
  readonly dest: string;
  readonly mode?: string;
  readonly backup?: boolean;
}

function modeOf(mode: string | undefined): number | undefined {
  if (mode === undefined) return undefined;
  if (!/^0?[0-7]{3,4}$/.test(mode)) throw new EngineError('failed', `mode "${mode}" is not an octal mode such as "0644"`);
  return parseInt(mode, 8);
}

async function readController(context: ModuleContext, src: string): Promise<Buffer> {
  const path = isAbsolute(src) ? src : resolve(context.runbookDir, src);
  try {
    return await readFile(path);
  } catch {
    throw new EngineError('failed', `cannot read ${path} on the controller`, { hint: 'src paths are relative to the runbook file' });
  }
}

/** Writes `content` to `dest` unless it is already there; keeps a `.bak` of what it replaces when asked. */
async function place(context: ModuleContext, dest: string, content: Buffer, args: CopyArgs): Promise<ModuleResult> {
  const current = await context.connection.get(dest).catch(() => undefined);
  if (current?.equals(content)) return { changed: false, failed: false, dest };
  if (current && args.backup) await context.connection.put(`${dest}.bak`, current);
  const mode = modeOf(args.mode);
  await context.connection.put(dest, content, mode === undefined ? {} : { mode });
  return { changed: true, failed: false, dest, size: content.length };
}

export const copyModule: ModuleDefinition = {
  name: 'copy',
  acts: 'host',
  describe: (args) => {
    const a = args as CopyArgs;
    return `copy ${a.src ?? `${(a.content ?? '').length} bytes of content`} → ${a.dest}`;
  },
  async run(context) {
    const args = context.render(context.args) as CopyArgs;
    const content = args.content !== undefined ? Buffer.from(String(args.content)) : await readController(context, args.src!);
    return place(context, args.dest, content, args);
  },
};

export const templateModule: ModuleDefinition = {
  name: 'template',
  acts: 'host',
  describe: (args) => `template ${(args as CopyArgs).src} → ${(args as CopyArgs).dest}`,
  async run(context) {
    const args = context.render(context.args) as CopyArgs;
    const text = (await readController(context, args.src!)).toString('utf8');
    return place(context, args.dest, Buffer.from(String(context.render(text))), args);
  },
};

interface FetchArgs {
  readonly src: string;
  readonly dest?: string;
  readonly flat?: boolean;
}

/** Where a fetched file lands on the controller: `<run dir>/fetched/<host>/<src>` unless `flat`. */
export function fetchDestination(runDir: string, host: string, args: FetchArgs): string {
  const base = args.dest === undefined ? join(runDir, 'fetched') : resolve(runDir, args.dest);
  const relative = normalize(args.src).replace(/^(\.\.(\/|$))+/, '').replace(/^\/+/, '');
  return args.flat ? (args.dest ?? join(base, relative.split('/').pop()!)) : join(base, host, relative);
}

export const fetchModule: ModuleDefinition = {
  name: 'fetch',
  acts: 'host',
  describe: (args) => `fetch ${(args as FetchArgs).src} to the controller`,
  async run(context) {
    const args = context.render(context.args) as FetchArgs;
    const content = await context.connection.get(args.src).catch((error: unknown) => error as Error);
    if (content instanceof Error) return { changed: false, failed: true, msg: `cannot read ${args.src} on ${context.host}: ${content.message}` };
    const dest = fetchDestination(context.runDir, context.host, args);
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, content);
    return { changed: true, failed: false, dest, size: content.length };
  },
};
