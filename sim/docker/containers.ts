import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOn, last, parseFlags } from './flags.js';
import { table, type Output } from './images.js';
import { exitStatus, isRunnable, notFoundMessage, processSpec } from './process.js';
import { findContainer, imageId, listContainers, readState, removeContainer, type Container } from './store.js';

// `docker stop`, `rm`, `ps`, `inspect`, `logs`, `exec` on the simulated containers of a host.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noSuch = (reference: string) => `Error response from daemon: No such container: ${reference}\n`;

function kill(pid: number, signal: NodeJS.Signals): void {
  try { process.kill(signal === 'SIGKILL' ? -pid : pid, signal); } catch { /* already gone */ }
}

/** Stops a running container: SIGTERM to its main process (tini forwards it), SIGKILL to all of it after `seconds`. */
async function stopOne(container: Container, seconds: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const state = readState(container);
  if (state.status !== 'running') return;
  kill(state.pid, signal);
  const isRunning = () => readState(container).status === 'running' && isAlive(readState(container).pid);
  for (let waited = 0; waited < seconds * 1000 && isRunning(); waited += 50) await sleep(50);
  if (isRunning()) kill(state.pid, 'SIGKILL');
  for (let i = 0; i < 100 && readState(container).status === 'running'; i++) await sleep(50);
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** `docker stop [-t N] CONTAINER...`: prints each name as given; exit 1 if any is not there. */
export async function stop(home: string, argv: readonly string[]): Promise<Output> {
  const parsed = parseFlags(argv, [{ long: 'time', short: 't', hasValue: true }, { long: 'signal', short: 's', hasValue: true }]);
  let stdout = '';
  let stderr = '';
  for (const reference of parsed.rest) {
    const container = findContainer(home, reference);
    if (!container) { stderr += noSuch(reference); continue; }
    await stopOne(container, Number(last(parsed, 'time') ?? 10), (last(parsed, 'signal') ?? 'SIGTERM') as NodeJS.Signals);
    stdout += `${reference}\n`;
  }
  return { stdout, stderr, code: stderr ? 1 : 0 };
}

/** `docker rm [-f] CONTAINER...`: a running one only with -f (killed first); -f is silent about missing ones. */
export async function rm(home: string, argv: readonly string[]): Promise<Output> {
  const parsed = parseFlags(argv, [{ long: 'force', short: 'f', hasValue: false }, { long: 'volumes', short: 'v', hasValue: false }]);
  const isForce = isOn(parsed, 'force');
  let stdout = '';
  let stderr = '';
  for (const reference of parsed.rest) {
    const container = findContainer(home, reference);
    if (!container) { if (!isForce) stderr += noSuch(reference); continue; }
    if (readState(container).status === 'running') {
      if (!isForce) {
        stderr += `Error response from daemon: cannot remove container "${reference}": container is running: stop the container before removing or force remove\n`;
        continue;
      }
      await stopOne(container, 0, 'SIGKILL');
    }
    removeContainer(container);
    stdout += `${reference}\n`;
  }
  return { stdout, stderr, code: stderr ? 1 : 0 };
}

/** Go's units.HumanDuration, as `docker ps` shows ages. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.round(m / 60);
  return h === 1 ? 'About an hour' : `${h} hours`;
}

function status(container: Container): string {
  const state = readState(container);
  if (state.status === 'created') return 'Created';
  if (state.status === 'running') return `Up ${humanDuration(Date.now() - Date.parse(state.startedAt))}`;
  return `Exited (${state.exitCode}) ${humanDuration(Date.now() - Date.parse(state.finishedAt))} ago`;
}

/** `docker ps [-a] [-q]`: running containers (all with -a), newest first. */
export function ps(home: string, argv: readonly string[]): Output {
  const parsed = parseFlags(argv, [{ long: 'all', short: 'a', hasValue: false }, { long: 'quiet', short: 'q', hasValue: false }]);
  const shown = listContainers(home).filter((c) => isOn(parsed, 'all') || readState(c).status === 'running').reverse();
  if (isOn(parsed, 'quiet')) return { stdout: shown.map((c) => `${c.config.id.slice(0, 12)}\n`).join(''), stderr: '', code: 0 };
  const command = (c: Container) => {
    const text = [c.config.path, ...c.config.args].join(' ');
    return `"${text.length > 20 ? `${text.slice(0, 19)}…` : text}"`;
  };
  const rows = shown.map((c) => [c.config.id.slice(0, 12), c.config.image, command(c), `${humanDuration(Date.now() - Date.parse(c.config.created))} ago`,
    status(c), '', c.config.name]);
  return { stdout: table([['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], ...rows]), stderr: '', code: 0 };
}

function inspectObject(container: Container): Record<string, unknown> {
  const { config } = container;
  const state = readState(container);
  return {
    Id: config.id, Created: config.created, Path: config.path, Args: config.args,
    State: { Status: state.status, Running: state.status === 'running', Paused: false, Restarting: false, OOMKilled: false,
      Dead: false, Pid: state.status === 'running' ? state.pid : 0, ExitCode: state.exitCode, Error: '', StartedAt: state.startedAt, FinishedAt: state.finishedAt },
    Image: imageId(config.version), Name: `/${config.name}`,
    Mounts: config.mounts.map((m) => ({ Type: m.type, Source: m.src, Destination: m.dst, Mode: '', RW: true })),
    Config: { User: config.user, Env: config.env, Cmd: config.cmd, Image: config.image, WorkingDir: config.workdir, Entrypoint: config.entrypoint },
  };
}

/** A Go template of the docker CLI's `--format`, for plain field paths: `{{.State.Running}}`, `{{.Name}}`. */
function format(template: string, value: Record<string, unknown>): string {
  return template.replace(/\{\{\s*\.([\w.]+)\s*\}\}/g, (_, path: string) => {
    const found = path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
    return found === undefined ? '<no value>' : typeof found === 'object' ? JSON.stringify(found) : String(found);
  });
}

/** `docker inspect [-f FORMAT] CONTAINER...`: the JSON array (4-space indent), or one formatted line each. */
export function inspect(home: string, argv: readonly string[]): Output {
  const parsed = parseFlags(argv, [{ long: 'format', short: 'f', hasValue: true }, { long: 'type', hasValue: true }]);
  const found = parsed.rest.map((r) => [r, findContainer(home, r)] as const);
  const stderr = found.filter(([, c]) => !c).map(([r]) => `Error: No such object: ${r}\n`).join('');
  const objects = found.flatMap(([, c]) => (c ? [inspectObject(c)] : []));
  const template = last(parsed, 'format');
  const stdout = template !== undefined ? objects.map((o) => `${format(template, o)}\n`).join('') : `${JSON.stringify(objects, null, 4)}\n`;
  return { stdout, stderr, code: stderr ? 1 : 0 };
}

/** `docker logs [--tail N] CONTAINER`: what the container wrote, each stream to its own. */
export function logs(home: string, argv: readonly string[]): Output {
  const parsed = parseFlags(argv, [{ long: 'tail', short: 'n', hasValue: true }, { long: 'timestamps', short: 't', hasValue: false }]);
  const container = findContainer(home, parsed.rest[0] ?? '');
  if (!container) return { stdout: '', stderr: noSuch(parsed.rest[0] ?? ''), code: 1 };
  const read = (name: string) => {
    let text = '';
    try { text = readFileSync(join(container.dir, name), 'utf8'); } catch { /* nothing written */ }
    const tail = last(parsed, 'tail');
    return tail === undefined || tail === 'all' ? text : text.split(/(?<=\n)/).slice(-Number(tail)).join('');
  };
  return { stdout: read('stdout.log'), stderr: read('stderr.log'), code: 0 };
}

/** `docker exec [-i] [-e K=V] [-w DIR] CONTAINER COMMAND [ARG...]`: in a running container only. */
export function exec(home: string, argv: readonly string[]): Promise<Output> | Output {
  const parsed = parseFlags(argv, [{ long: 'interactive', short: 'i', hasValue: false }, { long: 'tty', short: 't', hasValue: false },
    { long: 'env', short: 'e', hasValue: true }, { long: 'workdir', short: 'w', hasValue: true }, { long: 'user', short: 'u', hasValue: true },
    { long: 'detach', short: 'd', hasValue: false }]);
  const [reference = '', ...command] = parsed.rest;
  const container = findContainer(home, reference);
  if (!container) return { stdout: '', stderr: noSuch(reference), code: 1 };
  if (readState(container).status !== 'running') return { stdout: '', stderr: `Error response from daemon: container ${container.config.id} is not running\n`, code: 1 };
  const workdir = last(parsed, 'workdir');
  const spec = processSpec(home, container, command, { env: parsed.values.get('env') ?? [], ...(workdir !== undefined ? { workdir } : {}) });
  if (!isRunnable(spec)) return { stdout: '', stderr: `${notFoundMessage(command[0] ?? '', true)}\n`, code: 127 };
  const child = spawn(spec.file, spec.argv, { env: spec.env, cwd: spec.cwd, stdio: [isOn(parsed, 'interactive') ? 'inherit' : 'ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ stdout: '', stderr: '', code: exitStatus(code, signal) })));
}
