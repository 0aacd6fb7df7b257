import { spawn, type StdioOptions } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { constants } from 'node:os';
import { basename, join } from 'node:path';
import { hostPath, imageDir, mappedValue, readState, removeContainer, setState, type Container } from './store.js';

// How a container's process runs in the simulator: a process of the host with HOME = the host folder (its address,
// ports and faults), the image's binaries first on PATH, and every path under a mount (IPFS_CLUSTER_PATH, -w, the
// arguments) read as the host folder mounted there. Paths outside the mounts are the container's own rootfs.

/** The image's default entrypoint and the release's CMD (Dockerfile: ENTRYPOINT tini -- entrypoint.sh). */
export const IMAGE_ENTRYPOINT = ['/sbin/tini', '--', '/usr/local/bin/entrypoint.sh'] as const;
/** The image's ENV lines. */
export const IMAGE_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'IPFS_CLUSTER_PATH=/data/ipfs-cluster'];

/** A process to spawn for a container: what runs, with which environment, where. */
export interface ProcessSpec {
  readonly file: string;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The executable in the image's /usr/local/bin that a path or name stands for, or null (another command). */
function imageBinary(bin: string, command: string): string | null {
  const name = basename(command);
  if (name === 'entrypoint.sh') return join(bin, 'ipfs-cluster-docker-entrypoint');
  return ['ipfs-cluster-service', 'ipfs-cluster-ctl'].includes(name) ? join(bin, name) : null;
}

/** The environment of a process in the container: the image's ENV, then `-e` (paths under a mount mapped). */
export function containerEnv(home: string, container: Container, extra: readonly string[] = []): NodeJS.ProcessEnv {
  const bin = join(imageDir(home, container.config.version), 'bin');
  const env: NodeJS.ProcessEnv = {};
  for (const line of [...container.config.env, ...extra]) {
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  for (const [name, value] of Object.entries(env)) {
    // the config folder is a folder of the container even without a volume (the image's anonymous VOLUME)
    env[name] = name === 'IPFS_CLUSTER_PATH' && value?.startsWith('/') ? hostPath(container, value) : mappedValue(container, value ?? '');
  }
  return { ...env, HOME: home, PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, IPFS_CLUSTER_SIM_BUILD: 'docker', IPFS_CLUSTER_SIM_BIN: bin };
}

/** The working folder on the host: the mapped `-w`, else the rootfs's `/`. */
export function containerCwd(container: Container, workdir = container.config.workdir): string {
  const path = hostPath(container, workdir || '/');
  mkdirSync(path, { recursive: true });
  return path;
}

/** The command line of a process in the container (`docker run`'s or `docker exec`'s), as a host process. */
export function processSpec(home: string, container: Container, command: readonly string[], options: { env?: readonly string[]; workdir?: string } = {}): ProcessSpec {
  const bin = join(imageDir(home, container.config.version), 'bin');
  // tini only forwards signals and reaps: the entrypoint stand-in forwards SIGTERM/SIGINT itself
  const argv = command[0] === IMAGE_ENTRYPOINT[0] && command[1] === '--' ? command.slice(2) : command;
  const env = containerEnv(home, container, options.env);
  const file = imageBinary(bin, argv[0] ?? '') ?? argv[0] ?? '';
  return { file, argv: argv.slice(1).map((arg) => mappedValue(container, arg)), env, cwd: containerCwd(container, options.workdir) };
}

/** The container's command line: its entrypoint, then its CMD or the arguments given. */
export function commandOf(container: Container): string[] {
  return [...(container.config.entrypoint ?? []), ...container.config.cmd];
}

/** Whether a command can start in the container (an image binary, or a program on the PATH). */
export function isRunnable(spec: ProcessSpec): boolean {
  if (spec.file.includes('/')) return existsSync(spec.file);
  return String(spec.env['PATH'] ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, spec.file)));
}

/** The OCI runtime's refusal of a command that is not there, as the daemon words it. */
export function notFoundMessage(command: string, isExec: boolean): string {
  const start = `unable to start container process: exec: "${command}": executable file not found in $PATH: unknown`;
  return isExec ? `OCI runtime exec failed: exec failed: ${start}`
    : `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: ${start}`;
}

/** An exit status as Docker reports it: the code, or 128 + the signal number. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal ? constants.signals[signal] : 0);
}

/**
 * Runs the container's process (a new process group: `docker stop`/`kill` reach all of it) and records its state:
 * running with its pid, then exited with its status; an `--rm` container is removed when it ends.
 */
export function runContainer(home: string, container: Container, stdio: StdioOptions): Promise<number> {
  const spec = processSpec(home, container, commandOf(container));
  const child = spawn(spec.file, spec.argv, { env: spec.env, cwd: spec.cwd, stdio, detached: true });
  setState(container.dir, { ...container.state, status: 'running', pid: child.pid ?? 0, startedAt: new Date().toISOString() });
  return new Promise((resolve) => {
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => {
      const status = exitStatus(code, signal);
      if (container.config.autoRemove) removeContainer(container);
      else setState(container.dir, { ...readState(container), status: 'exited', exitCode: status, finishedAt: new Date().toISOString() });
      resolve(status);
    });
  });
}
