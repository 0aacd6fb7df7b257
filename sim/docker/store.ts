import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simDir } from '../core/host.js';
import { installBinaries, writeWrapper } from '../host-setup.js';

// The simulated Docker engine's state of one host, in <host>/.sim/docker (as /var/lib/docker): the images pulled or
// tagged (images.json: reference → release), one folder per image release with its binaries, one folder per
// container (config.json, state.json, stdout.log, stderr.log, rootfs/), named volumes.

/** A bind or named volume: the host folder (`src`) seen at `dst` inside the container. */
export interface Mount { readonly src: string; readonly dst: string; readonly type: 'bind' | 'volume' }

/** What `docker run` created a container with. */
export interface ContainerConfig {
  readonly id: string;
  readonly name: string;
  /** The image as the user wrote it, and the release it is. */
  readonly image: string;
  readonly version: string;
  readonly created: string;
  /** The process: entrypoint then args (the image's are tini + entrypoint.sh, and the release's CMD). */
  readonly path: string;
  readonly args: readonly string[];
  readonly entrypoint: readonly string[] | null;
  readonly cmd: readonly string[];
  readonly env: readonly string[];
  readonly mounts: readonly Mount[];
  readonly workdir: string;
  readonly autoRemove: boolean;
  readonly user: string;
}

/** Where a container stands. */
export interface ContainerState {
  readonly status: 'created' | 'running' | 'exited';
  readonly pid: number;
  readonly exitCode: number;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** One container: its folder, config and state. */
export interface Container { readonly dir: string; readonly config: ContainerConfig; readonly state: ContainerState }

/** The repository of the simulated images, as Docker Hub names it. */
export const REPOSITORY = 'ipfs/ipfs-cluster';
/** Where the image keeps its configuration (ENV IPFS_CLUSTER_PATH, VOLUME). */
export const IMAGE_CONFIG_PATH = '/data/ipfs-cluster';
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The engine's folder on a host. */
export function dockerRoot(home: string): string {
  return join(simDir(home), 'docker');
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

function readJson<T>(path: string, fallback: T): T {
  try { return JSON.parse(readFileSync(path, 'utf8')) as T; } catch { return fallback; }
}

/** `ipfs/ipfs-cluster` → `ipfs/ipfs-cluster:latest`; `docker.io/` and `library/` dropped, as Docker names them. */
export function normalizeReference(reference: string): string {
  const bare = reference.replace(/^(docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
  return /:[^/]+$/.test(bare) ? bare : `${bare}:latest`;
}

/** The content-addressed id of a release's image (stable per release, as a real image id is per build). */
export function imageId(version: string): string {
  return `sha256:${createHash('sha256').update(`ipfs-cluster image ${version}`).digest('hex')}`;
}

/** The images of a host: normalized reference → release. */
export function images(home: string): Record<string, string> {
  return readJson<Record<string, string>>(join(dockerRoot(home), 'images.json'), {});
}

/** Records a reference for a release and makes sure the image's binaries exist (pull, tag). */
export function addImage(home: string, reference: string, version: string): void {
  mkdirSync(dockerRoot(home), { recursive: true });
  writeJson(join(dockerRoot(home), 'images.json'), { ...images(home), [normalizeReference(reference)]: version });
  const root = imageDir(home, version);
  if (!existsSync(join(root, 'bin', 'ipfs-cluster-docker-entrypoint'))) {
    installBinaries(root, version);
    writeWrapper(join(root, 'bin'), 'ipfs-cluster-docker-entrypoint', version);
  }
}

/** The folder of a release's image: bin/ holds what the image has in /usr/local/bin. */
export function imageDir(home: string, version: string): string {
  return join(dockerRoot(home), 'images', version);
}

function containersDir(home: string): string {
  return join(dockerRoot(home), 'containers');
}

/** Every container of the host, oldest first. */
export function listContainers(home: string): Container[] {
  const dir = containersDir(home);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((id) => {
    const container = readContainer(join(dir, id));
    return container ? [container] : [];
  }).sort((a, b) => a.config.created.localeCompare(b.config.created));
}

function readContainer(dir: string): Container | null {
  const config = readJson<ContainerConfig | null>(join(dir, 'config.json'), null);
  if (!config) return null;
  const state = readJson<ContainerState>(join(dir, 'state.json'),
    { status: 'created', pid: 0, exitCode: 0, startedAt: ZERO_TIME, finishedAt: ZERO_TIME });
  return { dir, config, state: state.status === 'running' && !isAlive(state.pid) ? { ...state, status: 'exited', exitCode: 137 } : state };
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** A container by name (with or without the leading /), full id or unique id prefix, as Docker resolves it. */
export function findContainer(home: string, reference: string): Container | null {
  const all = listContainers(home);
  const name = reference.replace(/^\//, '');
  return all.find((c) => c.config.id === reference) ?? all.find((c) => c.config.name === name)
    ?? (/^[0-9a-f]+$/.test(reference) ? onlyOne(all.filter((c) => c.config.id.startsWith(reference))) : null);
}

function onlyOne(list: Container[]): Container | null {
  return list.length === 1 ? list[0]! : null;
}

/** Creates a container's folder; the id is 64 hex digits, as Docker's. */
export function createContainer(home: string, config: Omit<ContainerConfig, 'id' | 'created'>): Container {
  const id = randomBytes(32).toString('hex');
  const dir = join(containersDir(home), id);
  mkdirSync(join(dir, 'rootfs'), { recursive: true });
  const full: ContainerConfig = { ...config, id, created: new Date().toISOString() };
  writeJson(join(dir, 'config.json'), full);
  const state: ContainerState = { status: 'created', pid: 0, exitCode: 0, startedAt: ZERO_TIME, finishedAt: ZERO_TIME };
  writeJson(join(dir, 'state.json'), state);
  return { dir, config: full, state };
}

/** A container's state as last recorded. */
export function readState(container: Container): ContainerState {
  return readJson<ContainerState>(join(container.dir, 'state.json'), container.state);
}

/** Records a container's new state. */
export function setState(dir: string, state: ContainerState): void {
  if (existsSync(dir)) writeJson(join(dir, 'state.json'), state);
}

/** Removes a container's folder (its rootfs with it: what was not in a volume is gone). */
export function removeContainer(container: Container): void {
  rmSync(container.dir, { recursive: true, force: true });
}

/** The host folder of a named volume (created on first use, as `docker run -v name:/path` does). */
export function namedVolume(home: string, name: string): string {
  const path = join(dockerRoot(home), 'volumes', name, '_data');
  mkdirSync(path, { recursive: true });
  return path;
}

/** A path inside the container as a host path: through the longest mount that holds it, else in the container's rootfs. */
export function hostPath(container: { readonly dir: string; readonly config: Pick<ContainerConfig, 'mounts'> }, path: string): string {
  const mount = [...container.config.mounts].sort((a, b) => b.dst.length - a.dst.length)
    .find((m) => path === m.dst || path.startsWith(`${m.dst}/`));
  return mount ? mount.src + path.slice(mount.dst.length) : join(container.dir, 'rootfs', path);
}

/** An argument or env value that names a path under a mount, as the host path; anything else as it is. */
export function mappedValue(container: { readonly config: Pick<ContainerConfig, 'mounts'> }, value: string): string {
  const mount = [...container.config.mounts].sort((a, b) => b.dst.length - a.dst.length)
    .find((m) => value === m.dst || value.startsWith(`${m.dst}/`));
  return mount ? mount.src + value.slice(mount.dst.length) : value;
}
