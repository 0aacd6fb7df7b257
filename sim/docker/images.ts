import { createHash } from 'node:crypto';
import { readFaults } from '../core/host.js';
import { SUPPORTED_VERSIONS } from '../versions.js';
import { addImage, imageId, images, normalizeReference, REPOSITORY } from './store.js';

// `docker pull`, `docker tag`, `docker images` over the simulated registry: Docker Hub's ipfs/ipfs-cluster has one
// tag per release, `vX.Y.Z` (docker/get-docker-tags.sh), plus `latest` and `stable` (here the newest release).

/** What a command printed and its exit status. */
export interface Output { readonly stdout: string; readonly stderr: string; readonly code: number }

const NEWEST = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]!;

/** The release a registry reference names, or the daemon's error for it. */
export function registryRelease(reference: string): { version: string } | { error: string } {
  const normalized = normalizeReference(reference);
  const at = normalized.lastIndexOf(':');
  const [repository, tag] = [normalized.slice(0, at), normalized.slice(at + 1)];
  if (repository !== REPOSITORY) {
    return { error: `pull access denied for ${repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied` };
  }
  if (tag === 'latest' || tag === 'stable') return { version: NEWEST };
  const version = /^v(\d+\.\d+\.\d+)$/.exec(tag)?.[1];
  if (version && (SUPPORTED_VERSIONS as readonly string[]).includes(version)) return { version };
  return { error: `manifest for ${normalized} not found: manifest unknown: manifest unknown` };
}

function digest(version: string): string {
  return `sha256:${createHash('sha256').update(`ipfs-cluster manifest ${version}`).digest('hex')}`;
}

/** Pulls an image: the progress lines Docker prints, or its error (exit 1). The `install-fails` fault cuts the download. */
export function pull(home: string, reference: string): Output {
  const normalized = normalizeReference(reference);
  const release = registryRelease(reference);
  if ('error' in release) return { stdout: '', stderr: `Error response from daemon: ${release.error}\n`, code: 1 };
  const tag = normalized.slice(normalized.lastIndexOf(':') + 1);
  const lines = [`${tag}: Pulling from ${REPOSITORY}`];
  if (readFaults(home, process.env, release.version).has('install-fails')) {
    return { stdout: `${lines[0]}\n`, stderr: 'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled '
      + 'while waiting for connection (Client.Timeout exceeded while awaiting headers) (sim fault install-fails)\n', code: 1 };
  }
  const isPresent = images(home)[normalized] === release.version;
  if (!isPresent) lines.push(...[0, 1, 2].map((layer) => `${imageId(`${release.version}/${layer}`).slice(7, 19)}: Pull complete`));
  lines.push(`Digest: ${digest(release.version)}`,
    isPresent ? `Status: Image is up to date for ${normalized}` : `Status: Downloaded newer image for ${normalized}`, `docker.io/${normalized}`);
  addImage(home, normalized, release.version);
  return { stdout: `${lines.join('\n')}\n`, stderr: '', code: 0 };
}

/** `docker tag SOURCE TARGET`: a second name for a local image. */
export function tag(home: string, source: string, target: string): Output {
  const version = images(home)[normalizeReference(source)];
  if (version === undefined) return { stdout: '', stderr: `Error response from daemon: No such image: ${normalizeReference(source)}\n`, code: 1 };
  addImage(home, target, version);
  return { stdout: '', stderr: '', code: 0 };
}

/** Pads columns as Go's tabwriter does in the docker CLI (3 spaces between columns). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}

/** `docker images`: REPOSITORY TAG IMAGE ID, the local images (`-q`: the ids). */
export function listImages(home: string, isQuiet: boolean): Output {
  const entries = Object.entries(images(home)).sort(([a], [b]) => a.localeCompare(b));
  if (isQuiet) return { stdout: entries.map(([, v]) => `${imageId(v).slice(7, 19)}\n`).join(''), stderr: '', code: 0 };
  const rows = entries.map(([reference, version]) => {
    const at = reference.lastIndexOf(':');
    return [reference.slice(0, at), reference.slice(at + 1), imageId(version).slice(7, 19)];
  });
  return { stdout: table([['REPOSITORY', 'TAG', 'IMAGE ID'], ...rows]), stderr: '', code: 0 };
}
