import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specFor } from '../versions.js';
import { isOn, last, parseFlags, type Parsed } from './flags.js';
import { pull, type Output } from './images.js';
import { commandOf, IMAGE_ENTRYPOINT, IMAGE_ENV, isRunnable, notFoundMessage, processSpec, runContainer } from './process.js';
import { createContainer, findContainer, images, namedVolume, normalizeReference, readState, type Container, type Mount } from './store.js';

// `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`: -d (a container in the background, through the shim), --rm,
// --name, -v, -e, --entrypoint, -w, -i, -u, --pull; --network host, -t, --restart and -p are accepted (the simulated
// peers always use the host's network).

const RUN_FLAGS = [
  { long: 'detach', short: 'd', hasValue: false }, { long: 'rm', hasValue: false }, { long: 'name', hasValue: true },
  { long: 'volume', short: 'v', hasValue: true }, { long: 'env', short: 'e', hasValue: true },
  { long: 'entrypoint', hasValue: true }, { long: 'workdir', short: 'w', hasValue: true },
  { long: 'interactive', short: 'i', hasValue: false }, { long: 'tty', short: 't', hasValue: false },
  { long: 'user', short: 'u', hasValue: true }, { long: 'network', hasValue: true }, { long: 'net', hasValue: true },
  { long: 'restart', hasValue: true }, { long: 'pull', hasValue: true }, { long: 'publish', short: 'p', hasValue: true },
] as const;

/** A refusal of `docker run`, as the CLI prints it (exit 125 unless said). */
function refused(message: string, code = 125, stderr = ''): Output {
  return { stdout: '', stderr: `${stderr}docker: ${message}\n\nRun 'docker run --help' for more information\n`, code };
}

const NAMES = [['admiring', 'eager', 'focused', 'nifty', 'quirky', 'serene'], ['turing', 'hopper', 'lovelace', 'noether', 'ritchie', 'shannon']];

function mounts(home: string, specs: readonly string[]): Mount[] | string {
  const result: Mount[] = [];
  for (const spec of specs) {
    const [src = '', dst = ''] = spec.split(':');
    if (!dst || !isAbsolute(dst)) return `invalid volume specification: '${spec}'`;
    if (isAbsolute(src)) mkdirSync(src, { recursive: true });
    result.push(isAbsolute(src) ? { src, dst, type: 'bind' } : { src: namedVolume(home, src), dst, type: 'volume' });
  }
  return result;
}

/** The release of the image, pulling it first when it is not here (as `--pull missing`, the default). */
function imageRelease(home: string, image: string, policy: string): { version: string; stderr: string } | Output {
  const here = images(home)[normalizeReference(image)];
  if (here !== undefined && policy !== 'always') return { version: here, stderr: '' };
  if (policy === 'never') return refused(`Error response from daemon: No such image: ${normalizeReference(image)}`);
  const pulled = pull(home, image);
  const notice = here === undefined ? `Unable to find image '${image}' locally\n` : '';
  if (pulled.code !== 0) return refused(pulled.stderr.trim(), 125, notice + pulled.stdout);
  return { version: images(home)[normalizeReference(image)]!, stderr: notice + pulled.stdout };
}

function env(parsed: Parsed): string[] {
  return [...IMAGE_ENV, ...(parsed.values.get('env') ?? []).flatMap((e) => e.includes('=') ? [e] : process.env[e] !== undefined ? [`${e}=${process.env[e]}`] : [])];
}

/** Creates the container a `docker run` describes, or the error that stops it. */
function create(home: string, parsed: Parsed): { container: Container; stderr: string } | Output {
  const [image, ...args] = parsed.rest;
  if (!image) return { stdout: '', stderr: `docker: 'docker run' requires at least 1 argument.\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information\n`, code: 1 };
  const name = last(parsed, 'name') ?? `${NAMES[0]![Math.floor(Math.random() * 6)]}_${NAMES[1]![Math.floor(Math.random() * 6)]}`;
  const holder = findContainer(home, name);
  if (holder && holder.config.name === name) {
    return refused(`Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${holder.config.id}". You have to remove (or rename) that container to be able to reuse that name.`);
  }
  const mounted = mounts(home, parsed.values.get('volume') ?? []);
  if (typeof mounted === 'string') return refused(`Error response from daemon: ${mounted}`);
  const release = imageRelease(home, image, last(parsed, 'pull') ?? 'missing');
  if ('code' in release) return release;
  const entrypoint = last(parsed, 'entrypoint');
  const spec = specFor(release.version);
  const cmd = entrypoint !== undefined || args.length ? args : spec.isBareDaemon ? [] : spec.stateFormat !== null ? ['daemon', '--upgrade'] : ['daemon'];
  const container = createContainer(home, {
    name, image, version: release.version, entrypoint: entrypoint !== undefined ? [entrypoint] : [...IMAGE_ENTRYPOINT], cmd,
    path: entrypoint ?? IMAGE_ENTRYPOINT[0], args: [...(entrypoint !== undefined ? [] : IMAGE_ENTRYPOINT.slice(1)), ...cmd],
    env: env(parsed), mounts: mounted, workdir: last(parsed, 'workdir') ?? '', autoRemove: isOn(parsed, 'rm'), user: last(parsed, 'user') ?? '',
  });
  return { container, stderr: release.stderr };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the container in the background through the shim; prints its id once it runs. */
async function detached(home: string, container: Container, stderr: string): Promise<Output> {
  const shim = fileURLToPath(new URL('shim.js', import.meta.url));
  spawn(process.execPath, [shim, home, container.config.id], { detached: true, stdio: 'ignore' }).unref();
  for (let i = 0; i < 200 && readState(container).status === 'created'; i++) await sleep(25);
  return { stdout: `${container.config.id}\n`, stderr, code: 0 };
}

/** `docker run`: the container's exit status in the foreground, its id with -d. */
export async function run(home: string, argv: readonly string[]): Promise<Output> {
  const parsed = parseFlags(argv, RUN_FLAGS);
  const created = create(home, parsed);
  if ('code' in created) return created;
  const { container, stderr } = created;
  const spec = processSpec(home, container, commandOf(container));
  if (!isRunnable(spec)) return refused(`Error response from daemon: ${notFoundMessage(commandOf(container)[0] ?? '', false)}.`, 127, stderr);
  if (isOn(parsed, 'detach')) return detached(home, container, stderr);
  process.stderr.write(stderr);
  const code = await runContainer(home, container, [isOn(parsed, 'interactive') ? 'inherit' : 'ignore', 'inherit', 'inherit']);
  return { stdout: '', stderr: '', code };
}
