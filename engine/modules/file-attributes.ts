import { EngineError } from '../core/index.js';
import type { ModuleContext } from './types.js';

/** The mode, owner and group a copy or template asks of its dest, as written. */
export interface FileAttributes {
  readonly mode?: string;
  readonly owner?: string;
  readonly group?: string;
}

/** A mode written in octal ("0644", "755") as a number; undefined for a symbolic one ("u=rw,g=r"). */
export function octalMode(mode: string | undefined): number | undefined {
  return mode !== undefined && /^[0-7]{3,4}$/.test(mode) ? parseInt(mode, 8) : undefined;
}

/** Mode (octal), owner and group (by id and by name) of a file on the host, read with `stat`. */
async function statOf(context: ModuleContext, dest: string): Promise<string> {
  const result = await context.connection.exec({ kind: 'argv', argv: ['stat', '-c', '%a %u %U %g %G', '--', dest] }, context.exec);
  if (result.exitCode !== 0) throw new EngineError('failed', `cannot read the mode and owner of ${dest} on ${context.host}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** Whether a file's stat line already shows the octal mode, owner and group asked (a symbolic mode counts as shown). */
function isAsStated(stat: string, attributes: FileAttributes): boolean {
  const [mode = '', uid, user, gid, group] = stat.split(' ');
  const octal = octalMode(attributes.mode);
  return (octal === undefined || parseInt(mode, 8) === octal)
    && (attributes.owner === undefined || [uid, user].includes(attributes.owner))
    && (attributes.group === undefined || [gid, group].includes(attributes.group));
}

/**
 * In a dry run: whether dest (which exists) would get another mode, owner or group. Only reads.
 * A symbolic mode is relative to the current one, so it is not predicted.
 */
export async function wouldChangeAttributes(context: ModuleContext, dest: string, attributes: FileAttributes): Promise<boolean> {
  if (attributes.mode === undefined && attributes.owner === undefined && attributes.group === undefined) return false;
  return !isAsStated(await statOf(context, dest), attributes);
}

/**
 * Sets dest's mode, owner and group on the host with `chmod` and `chown` (so names are looked up
 * on the host, and `become` applies, as Ansible does); returns whether anything changed.
 */
export async function applyAttributes(context: ModuleContext, dest: string, attributes: FileAttributes): Promise<boolean> {
  const { mode, owner, group } = attributes;
  if (mode === undefined && owner === undefined && group === undefined) return false;
  const before = await statOf(context, dest);
  const commands = [
    ...(mode === undefined ? [] : [['chmod', mode, '--', dest]]),
    ...(owner === undefined && group === undefined ? [] : [['chown', `${owner ?? ''}${group === undefined ? '' : `:${group}`}`, '--', dest]]),
  ];
  for (const argv of commands) {
    const result = await context.connection.exec({ kind: 'argv', argv }, context.exec);
    if (result.exitCode !== 0) {
      throw new EngineError('failed', `${argv.slice(0, 2).join(' ')} ${dest} failed on ${context.host}: ${result.stderr.trim()}`, {
        hint: argv[0] === 'chown' ? 'giving a file to another user or group needs become: true (root)' : 'check the mode: "0644" or "u=rw,g=r,o=r"' });
    }
  }
  return (await statOf(context, dest)) !== before;
}
