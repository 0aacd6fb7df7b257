import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { hrtime, kill } from 'node:process';
import { EngineError } from '../core/index.js';
import { cappedOutput, type CappedOutput } from './capped-output.js';
import { ConnectionError, type Command, type Connection, type ExecOptions, type ExecResult } from './types.js';

const DEFAULT_OUTPUT_CAP_BYTES = 1024 * 1024;
const KILL_GRACE_MS = 2000;

const BARE_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

/** How a local host looks: its home (default: the controller's), extra environment, and the output cap per stream. */
export interface LocalConnectionOptions {
  readonly home?: string;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The environment commands start from: the CLI passes the controller's own (STYLE: only cli/
   * reads the process); without it, a bare PATH.
   */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  readonly outputCapBytes?: number;
}

interface Run {
  readonly terminate: () => void;
  readonly done: Promise<ExecResult>;
}

interface RunSpec {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly options: ExecOptions;
  readonly capBytes: number;
}

/**
 * A connection to this machine through child processes. Commands run with HOME and the default cwd set to
 * `home`, in their own process group (a timeout, an abort or close() kills the whole group: SIGTERM, then
 * SIGKILL after 2 s). A missing program exits 127 like a shell; only an unusable host (missing home, a
 * closed connection, a process that cannot be started) throws ConnectionError.
 */
export function localConnection(host: string, options: LocalConnectionOptions = {}): Connection {
  const home = resolve(options.home ?? homedir());
  const capBytes = options.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES;
  const running = new Set<Run>();
  let isClosed = false;

  async function requireUsable(): Promise<void> {
    if (isClosed) throw new ConnectionError(host, `${host}: the local connection is closed`);
    const reason = await folderProblem(home);
    if (reason !== undefined) throw new ConnectionError(host, `${host}: home folder ${home}: ${reason} (create it or set the host's home)`);
  }

  return {
    host,
    async exec(command, execOptions = {}) {
      await requireUsable();
      const started = hrtime.bigint();
      const cwd = resolve(home, execOptions.cwd ?? '.');
      const cwdProblem = await folderProblem(cwd);
      if (cwdProblem !== undefined) return failedToStart(1, `cd: ${cwd}: ${cwdProblem}\n`, started);
      const env = { ...(options.baseEnv ?? BARE_ENV), HOME: home, PWD: cwd, ...options.env, ...execOptions.env };
      const run = startRun(host, { argv: toArgv(command, execOptions.become), cwd, env, options: execOptions, capBytes });
      running.add(run);
      return run.done.finally(() => running.delete(run));
    },
    async put(path, content, putOptions = {}) {
      await requireUsable();
      const target = resolve(home, path);
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
        if (putOptions.mode !== undefined) await chmod(target, putOptions.mode);
      } catch (error) {
        throw fileError(host, 'write', target, error);
      }
    },
    async get(path) {
      await requireUsable();
      const target = resolve(home, path);
      try {
        return await readFile(target);
      } catch (error) {
        throw fileError(host, 'read', target, error);
      }
    },
    async close() {
      isClosed = true;
      const runs = [...running];
      for (const run of runs) run.terminate();
      await Promise.all(runs.map((run) => run.done.catch(() => undefined)));
    },
  };
}

function toArgv(command: Command, become: string | undefined): readonly string[] {
  const argv = command.kind === 'argv' ? command.argv : [command.executable ?? '/bin/sh', '-c', command.script];
  return become === undefined ? argv : ['sudo', '-n', '-u', become, '--', ...argv];
}

async function folderProblem(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isDirectory() ? undefined : 'Not a directory';
  } catch {
    return 'No such file or directory';
  }
}

function startRun(host: string, spec: RunSpec): Run {
  let terminate = (): void => undefined;
  const done = new Promise<ExecResult>((resolveRun, rejectRun) => {
    const started = hrtime.bigint();
    const [file = '', ...args] = spec.argv;
    const { stdin } = spec.options;
    const child = spawn(file, args, {
      cwd: spec.cwd, env: spec.env, detached: true, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const stdout = collect(child.stdout, spec.capBytes);
    const stderr = collect(child.stderr, spec.capBytes);
    const stopper = watchForStop(child, spec.options);
    terminate = stopper.terminate;
    let isSettled = false;
    const settle = (outcome: () => void): void => {
      if (isSettled) return;
      isSettled = true;
      stopper.dispose();
      outcome();
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // spawned fine: a later stream error still ends in 'close'
      const failure = spawnFailure(host, spec.argv, error, started);
      settle(() => (failure instanceof ConnectionError ? rejectRun(failure) : resolveRun(failure)));
    });
    child.on('close', (exitCode: number | null, signalName: NodeJS.Signals | null) => settle(() => resolveRun({
      exitCode, signal: signalName, stdout: stdout.text(), stderr: stderr.text(), durationMs: elapsedMs(started),
      timedOut: stopper.isTimedOut(), truncated: stdout.isTruncated() || stderr.isTruncated(),
    })));
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // EPIPE when the command exits without reading its input
      child.stdin.end(stdin);
    }
  });
  return { terminate: () => terminate(), done };
}

/** Kills the child's process group when the timeout passes, the signal aborts, or terminate() is called. */
function watchForStop(child: ChildProcess, options: ExecOptions): { terminate: () => void; isTimedOut: () => boolean; dispose: () => void } {
  const killer = groupKiller(child);
  const { timeoutMs, signal } = options;
  let isTimedOut = false;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => { isTimedOut = true; killer.start(); }, timeoutMs);
  const terminate = (): void => killer.start();
  signal?.addEventListener('abort', terminate, { once: true });
  if (signal?.aborted) terminate();
  return {
    terminate,
    isTimedOut: () => isTimedOut,
    dispose() {
      clearTimeout(timer);
      killer.stop();
      signal?.removeEventListener('abort', terminate);
    },
  };
}

/** Like a shell: a missing program exits 127 and one that cannot be executed exits 126; other failures break the host. */
function spawnFailure(host: string, argv: readonly string[], error: NodeJS.ErrnoException, started: bigint): ExecResult | ConnectionError {
  const program = argv[0] ?? '';
  const isBecome = program === 'sudo' && argv[1] === '-n';
  if (error.code === 'ENOENT') {
    const why = isBecome ? ` (become needs sudo on ${host})` : '';
    return failedToStart(127, `${program}: command not found${why}\n`, started);
  }
  if (error.code === 'EACCES') return failedToStart(126, `${program}: Permission denied\n`, started);
  return new ConnectionError(host, `${host}: cannot start ${program}: ${error.message}`, { cause: error });
}

function failedToStart(exitCode: number, stderr: string, started: bigint): ExecResult {
  return { exitCode, signal: null, stdout: '', stderr, durationMs: elapsedMs(started), timedOut: false, truncated: false };
}

function elapsedMs(started: bigint): number {
  return Number(hrtime.bigint() - started) / 1e6;
}

/** SIGTERM to the whole process group, then SIGKILL if anything in it still holds the output open after the grace. */
function groupKiller(child: ChildProcess): { start: () => void; stop: () => void } {
  let graceTimer: NodeJS.Timeout | undefined;
  const send = (signalName: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      kill(-child.pid, signalName);
    } catch {
      // ESRCH: the group is already gone
    }
  };
  return {
    start() {
      if (graceTimer !== undefined) return;
      send('SIGTERM');
      graceTimer = setTimeout(() => send('SIGKILL'), KILL_GRACE_MS);
    },
    stop: () => clearTimeout(graceTimer),
  };
}

/** Streams a pipe into at most `capBytes` (see cappedOutput). */
function collect(stream: NodeJS.ReadableStream | null, capBytes: number): CappedOutput {
  const output = cappedOutput(capBytes);
  stream?.on('data', (chunk: Buffer) => output.add(chunk));
  return output;
}

function fileError(host: string, verb: 'read' | 'write', path: string, cause: unknown): EngineError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new EngineError('failed', `${host}: cannot ${verb} ${path}: ${reason}`, { cause });
}

/**
 * Runs a program on the controller and waits for it (a vault password script): its stdout and
 * stderr, and its exit code (null when it could not start or was killed). Never throws.
 */
export function runOnController(file: string, args: readonly string[]): { exitCode: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync(file, args, { stdio: ['inherit', 'pipe', 'pipe'], maxBuffer: DEFAULT_OUTPUT_CAP_BYTES });
  return { exitCode: result.status, stdout: result.stdout ?? Buffer.alloc(0),
    stderr: result.error ? result.error.message : (result.stderr?.toString('utf8') ?? '') };
}
