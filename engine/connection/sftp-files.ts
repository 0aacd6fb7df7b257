import { posix } from 'node:path';
import type { Ssh2Sftp } from './ssh2-types.js';

/** Writes `content` to `path` over SFTP (relative: from the login folder), creating missing parent folders. */
export async function sftpPut(sftp: Ssh2Sftp, path: string, content: Buffer, mode: number | undefined): Promise<void> {
  await ensureFolder(sftp, posix.dirname(path));
  await call<void>((done) => sftp.writeFile(path, content, done));
  if (mode !== undefined) await call<void>((done) => sftp.chmod(path, mode, done));
}

/** Reads a whole file over SFTP. */
export function sftpGet(sftp: Ssh2Sftp, path: string): Promise<Buffer> {
  return call<Buffer>((done) => sftp.readFile(path, done));
}

async function ensureFolder(sftp: Ssh2Sftp, folder: string): Promise<void> {
  if (folder === '.' || folder === '/' || await isFolder(sftp, folder)) return;
  await ensureFolder(sftp, posix.dirname(folder));
  try {
    await call<void>((done) => sftp.mkdir(folder, done));
  } catch (error) {
    if (!await isFolder(sftp, folder)) throw error; // made meanwhile by a parallel put
  }
}

async function isFolder(sftp: Ssh2Sftp, path: string): Promise<boolean> {
  try {
    return (await call<{ isDirectory(): boolean }>((done) => sftp.stat(path, done))).isDirectory();
  } catch {
    return false;
  }
}

function call<T>(start: (done: (error: Error | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}
