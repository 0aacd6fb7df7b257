import { randomUUID } from 'node:crypto';
import { EngineError } from '../core/index.js';
import type { ModuleContext } from './types.js';

/**
 * Reads a file on the host: over the connection, or, with become, as the become user through
 * `base64` (so binary content survives the text channel). Throws when it cannot be read.
 */
export async function readOnHost(context: ModuleContext, path: string): Promise<Buffer> {
  if (context.exec.become === undefined) return context.connection.get(path);
  const result = await context.connection.exec({ kind: 'argv', argv: ['base64', '-w0', '--', path] }, context.exec);
  if (result.exitCode !== 0) throw new EngineError('failed', `cannot read ${path} as ${context.exec.become} on ${context.host}: ${result.stderr.trim()}`);
  return Buffer.from(result.stdout.trim(), 'base64');
}

/**
 * Writes a file on the host: over the connection, or, with become, as Ansible does: to a private
 * temporary file of the login user, then copied into place as the become user, and removed.
 */
export async function writeOnHost(context: ModuleContext, path: string, content: Buffer, mode?: number): Promise<void> {
  const user = context.exec.become;
  if (user === undefined) return context.connection.put(path, content, mode === undefined ? {} : { mode });
  const staged = `.runbook-staged-${randomUUID()}`;
  await context.connection.put(staged, content, { mode: 0o600 });
  try {
    const script = 'mkdir -p -- "$(dirname -- "$2")" && cp -- "$1" "$2"' + (mode === undefined ? '' : ' && chmod "$3" -- "$2"');
    const argv = ['sh', '-c', script, 'sh', staged, path, ...(mode === undefined ? [] : [mode.toString(8)])];
    const result = await context.connection.exec({ kind: 'argv', argv }, context.exec);
    if (result.exitCode !== 0) {
      throw new EngineError('failed', `cannot write ${path} as ${user} on ${context.host}: ${result.stderr.trim()}`, {
        hint: user === 'root' ? 'check the path' : `${user} must be able to read the login user's home, where the file is staged` });
    }
  } finally {
    await context.connection.exec({ kind: 'argv', argv: ['rm', '-f', '--', staged] }, { ...context.exec, become: undefined }).catch(() => undefined);
  }
}
