import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { ConnectionError } from '../connection/index.js';
import { EngineError } from '../core/index.js';
import { contentText } from '../template/index.js';
import { contentDiff } from './content-diff.js';
import { applyAttributes, octalMode, wouldChangeAttributes, type FileAttributes } from './file-attributes.js';
import { readOnHost, writeOnHost } from './host-files.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, Preview } from './types.js';

interface CopyArgs extends FileAttributes {
  readonly src?: string;
  readonly content?: string;
  readonly dest: string;
  readonly backup?: boolean;
}

async function readController(context: ModuleContext, src: string): Promise<Buffer> {
  const path = isAbsolute(src) ? src : resolve(context.runbookDir, src);
  try {
    return await readFile(path);
  } catch {
    throw new EngineError('failed', `cannot read ${path} on the controller`, { hint: 'src paths are relative to the runbook file' });
  }
}

/** What is at `dest` now (undefined: no such file), read from the host. */
async function current(context: ModuleContext, dest: string): Promise<Buffer | undefined> {
  return readOnHost(context, dest).catch(() => undefined);
}

/**
 * Writes `content` to `dest` unless it is already there, then sets its mode, owner and group;
 * keeps a `.bak` of what it replaces when asked.
 */
async function place(context: ModuleContext, dest: string, content: Buffer, args: CopyArgs): Promise<ModuleResult> {
  const before = await current(context, dest);
  const isSame = before?.equals(content) === true;
  if (!isSame) {
    if (before && args.backup) await writeOnHost(context, `${dest}.bak`, before);
    await writeOnHost(context, dest, content, octalMode(args.mode));
  }
  const isRestated = await applyAttributes(context, dest, args);
  if (isSame) return { changed: isRestated, failed: false, dest };
  return { changed: true, failed: false, dest, size: content.length, ...(context.showDiff ? { diff: contentDiff(dest, before, content) } : {}) };
}

/** In a dry run: whether `dest` would change (content, mode, owner, group), and the diff, from reading it only. */
async function previewPlace(context: ModuleContext, dest: string, content: Buffer, args: CopyArgs): Promise<Preview> {
  const before = await current(context, dest);
  if (!before?.equals(content)) return { changed: true, diff: contentDiff(dest, before, content) };
  return { changed: await wouldChangeAttributes(context, dest, args) };
}

/** The content a copy writes: its `content`, or its `src` file read on the controller. */
async function copyContent(context: ModuleContext, args: CopyArgs): Promise<Buffer> {
  return args.content !== undefined ? Buffer.from(contentText(args.content)) : readController(context, args.src!);
}

/** The content a template writes: its `src` read on the controller and rendered for the host. */
async function templateContent(context: ModuleContext, args: CopyArgs): Promise<Buffer> {
  const text = (await readController(context, args.src!)).toString('utf8');
  return Buffer.from(context.renderFile(text, args.src!));
}

/** How a copy's content reads in a plan: its size, or that it is only known at run time. */
function contentLabel(args: CopyArgs): string {
  if (args.src !== undefined) return args.src;
  const content = String(args.content ?? '');
  return content.includes('{{') ? 'content known at run time' : `${Buffer.byteLength(content)} bytes of content`;
}

/** What else a copy or template sets, for plans: ` (mode 0600, owner ipfs:ipfs, backup)`, or nothing. */
function settingsLabel(args: CopyArgs): string {
  const owner = args.owner !== undefined || args.group !== undefined ? `owner ${args.owner ?? ''}${args.group === undefined ? '' : `:${args.group}`}` : undefined;
  const backup = args.backup === undefined || args.backup === false ? undefined : args.backup === true ? 'backup' : `backup ${String(args.backup)}`;
  const parts = [args.mode === undefined ? undefined : `mode ${args.mode}`, owner, backup].filter((p) => p !== undefined);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export const copyModule: ModuleDefinition = {
  name: 'copy',
  acts: 'host',
  describe: (args) => `copy ${contentLabel(args as CopyArgs)} → ${(args as CopyArgs).dest}${settingsLabel(args as CopyArgs)}`,
  async run(context) {
    const args = context.render(context.args) as CopyArgs;
    return place(context, args.dest, await copyContent(context, args), args);
  },
  async preview(context) {
    const args = context.render(context.args) as CopyArgs;
    return previewPlace(context, args.dest, await copyContent(context, args), args);
  },
};

export const templateModule: ModuleDefinition = {
  name: 'template',
  acts: 'host',
  describe: (args) => `template ${(args as CopyArgs).src} → ${(args as CopyArgs).dest}${settingsLabel(args as CopyArgs)}`,
  async run(context) {
    const args = context.render(context.args) as CopyArgs;
    return place(context, args.dest, await templateContent(context, args), args);
  },
  async preview(context) {
    const args = context.render(context.args) as CopyArgs;
    return previewPlace(context, args.dest, await templateContent(context, args), args);
  },
};

interface FetchArgs {
  readonly src: string;
  readonly dest?: string;
  readonly flat?: boolean;
}

/**
 * Where a fetched file lands on the controller: `<run dir>/fetched/<host>/<src>`, or `<run dir>/<dest>`.
 * The result is resolved and must stay inside the run folder (and, per host, inside the host's
 * folder): a host name or a path with `..` that would leave it is refused, never followed.
 */
export function fetchDestination(runDir: string, host: string, args: FetchArgs): string {
  const root = resolve(runDir);
  const base = args.dest === undefined ? join(root, 'fetched') : resolve(root, args.dest);
  const relative = normalize(args.src).replace(/^(\.\.(\/|$))+/, '').replace(/^\/+/, '');
  const hostDir = resolve(base, host);
  const isDirDest = args.dest === undefined || args.dest.endsWith('/');
  const dest = args.flat ? (isDirDest ? join(base, basename(relative)) : base) : resolve(hostDir, relative);
  const isInside = (path: string, dir: string) => path.startsWith(`${dir}${sep}`);
  const refuse = (why: string, hint: string) =>
    new EngineError('failed', `fetch of ${args.src} from host "${host}" would write to ${dest}: ${why}`, { hint });
  if (!isInside(dest, root)) throw refuse(`outside the run folder ${root}`, 'give a dest relative to the run folder, without ".."');
  // each host gets one folder right below base: a host name with "/" or "..", or ".", would share or leave it
  if (!args.flat && (dirname(hostDir) !== base || !isInside(dest, hostDir))) {
    throw refuse(`not inside the host's own folder ${join(base, host)}`, 'a host name must be one path component: no "/", and not "." or ".."');
  }
  return dest;
}

export const fetchModule: ModuleDefinition = {
  name: 'fetch',
  acts: 'host',
  describe: (args) => {
    const a = args as FetchArgs;
    return `fetch ${a.src} to the controller${a.dest === undefined ? '' : ` → ${a.dest}${a.flat === undefined || a.flat === false ? ' (per host)' : ''}`}`;
  },
  async run(context) {
    const args = context.render(context.args) as FetchArgs;
    const content = await readOnHost(context, args.src).catch((error: unknown) => error as Error);
    // a lost host is unreachable, not a failed step: its undo hooks must wait for it (found by `runbook rehearse`)
    if (content instanceof ConnectionError) throw content;
    if (content instanceof Error) return { changed: false, failed: true, msg: `cannot read ${args.src} on ${context.host}: ${content.message}` };
    const dest = fetchDestination(context.runDir, context.host, args);
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, content);
    return { changed: true, failed: false, dest, size: content.length };
  },
};
