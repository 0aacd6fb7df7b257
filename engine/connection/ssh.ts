import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import type { NodeSSH } from 'node-ssh';
import { EngineError } from '../core/index.js';
import type { JumpHost } from './jump-host.js';
import { hostKeyVerifier } from './host-key-verifier.js';
import { concurrencyLimit } from './concurrency-limit.js';
import { remoteCommand, withBecomeHint } from './remote-command.js';
import { sftpGet, sftpPut } from './sftp-files.js';
import { ChannelLostError, runRemote, TransportLostError, type RemoteRun } from './ssh-exec.js';
import { connectFailure, redactor, type Endpoint } from './ssh-errors.js';
import type { Ssh2Client, Ssh2Sftp } from './ssh2-types.js';
import { ConnectionError, type Connection } from './types.js';

const DEFAULTS = { port: 22, connectTimeoutMs: 10_000, retries: 2, keepaliveMs: 15_000, outputCapBytes: 1024 * 1024 };
// OpenSSH allows 10 sessions per connection (MaxSessions); one is kept for SFTP and one for killing a command.
const MAX_EXEC_CHANNELS = 8;

/** How to reach a host over SSH: Ansible's inventory connection vars, resolved by the caller. */
export interface SshConnectionOptions {
  /** `ansible_host`, or the inventory name. */
  readonly address: string;
  /** `ansible_port` (default 22). */
  readonly port?: number;
  /** `ansible_user`. */
  readonly user: string;
  /** `ansible_ssh_private_key_file`. */
  readonly privateKeyPath?: string;
  readonly passphrase?: string;
  /** `ansible_password` (discouraged, honoured). */
  readonly password?: string;
  /** The ssh-agent socket (`SSH_AUTH_SOCK`, passed in by the CLI). */
  readonly agent?: string;
  /** A bastion (`-o ProxyJump=…` or `runbook_jump_host`, see parseJumpHost); its user and port default to the host's / 22. */
  readonly jump?: JumpHost;
  readonly knownHostsPath: string;
  /** Record the key of a host known_hosts does not know yet (OpenSSH's StrictHostKeyChecking=accept-new). */
  readonly acceptNewHostKeys?: boolean;
  readonly connectTimeoutMs?: number;
  /** Extra connect attempts after a refused, reset or timed-out one (not after a host key or login refusal). */
  readonly retries?: number;
  readonly keepaliveMs?: number;
  readonly outputCapBytes?: number;
}

interface Session {
  readonly ssh: NodeSSH;
  readonly client: Ssh2Client;
  readonly jump: NodeSSH | undefined;
  sftp: Promise<Ssh2Sftp> | undefined;
  isAlive: boolean;
}

/**
 * A connection to a host over SSH (node-ssh): one SSH connection, opened on first use and shared by every exec,
 * put and get (several channels at once, SFTP for files). The server's key must be in known_hosts. A connection
 * found dropped is opened again once; a command whose connection drops while it runs throws ConnectionError.
 * Commands mirror the local connection: each word quoted, `sudo -n -u USER --` for become, a timeout or abort
 * signals the process group (TERM, KILL after 2 s), output capped per stream.
 */
export function sshConnection(host: string, options: SshConnectionOptions): Connection {
  const settings: Settings = { ...options, ...withDefaults(options) };
  const redact = redactor([options.password, options.passphrase]);
  const running = new Set<RemoteRun>();
  const limit = concurrencyLimit(MAX_EXEC_CHANNELS);
  let session: Promise<Session> | undefined;
  let isClosed = false;

  /** The live session, opening one if there is none or it died; callers waiting on one connect attempt share its outcome. */
  async function current(): Promise<Session> {
    if (isClosed) throw new ConnectionError(host, `${host}: the SSH connection is closed`);
    const pending = session;
    if (pending !== undefined) {
      const opened = await pending;
      if (opened.isAlive) return opened;
      if (session !== pending) return current();
      disposeSession(opened);
    }
    const attempt = openSession(host, settings, redact);
    session = attempt;
    attempt.catch(() => {
      if (session === attempt) session = undefined;
    });
    return attempt;
  }

  /** Runs `use` on the live session; if the session turns out dead before `use` started work, once more on a new one. */
  async function withSession<T>(use: (live: Session) => Promise<T>): Promise<T> {
    try {
      return await use(await current());
    } catch (error) {
      if (!(error instanceof ChannelLostError)) throw error;
      try {
        return await use(await current());
      } catch (again) {
        throw again instanceof ChannelLostError ? new ConnectionError(host, `${host}: the SSH connection was lost: ${again.message}`, { cause: again }) : again;
      }
    }
  }

  async function sftpOf(live: Session): Promise<Ssh2Sftp> {
    live.sftp ??= new Promise<Ssh2Sftp>((resolve, reject) => {
      live.client.sftp((error, sftp) => {
        if (error !== undefined) {
          reject(live.isAlive ? new ConnectionError(host, `${host}: the server refused an SFTP session: ${error.message}`, { cause: error }) : new ChannelLostError(error.message));
          return;
        }
        sftp.on('close', () => { live.sftp = undefined; });
        resolve(sftp);
      });
    });
    live.sftp.catch(() => { live.sftp = undefined; });
    return live.sftp;
  }

  async function onFile<T>(verb: 'read' | 'write', path: string, use: (sftp: Ssh2Sftp) => Promise<T>): Promise<T> {
    return withSession(async (live) => {
      const sftp = await sftpOf(live);
      try {
        return await use(sftp);
      } catch (error) {
        if (!live.isAlive) throw new ChannelLostError(error instanceof Error ? error.message : String(error));
        throw new EngineError('failed', `${host}: cannot ${verb} ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    });
  }

  return {
    host,
    async exec(command, execOptions = {}) {
      const line = remoteCommand(command, execOptions);
      return limit(() => withSession(async (live) => {
        for (;;) {
          const run = runRemote(live.client, { line, options: execOptions, capBytes: settings.outputCapBytes });
          running.add(run);
          try {
            return withBecomeHint(host, execOptions.become, await run.done);
          } catch (error) {
            if (error instanceof TransportLostError) throw new ConnectionError(host, `${host}: ${error.message}`, { cause: error });
            if (!(error instanceof ChannelLostError) || !live.isAlive) throw error;
            // The server refused one more session (its MaxSessions is lower than ours): wait for one to end.
            if (running.size <= 1) throw new ConnectionError(host, `${host}: the server refused a session channel: ${error.message}`, { cause: error });
            running.delete(run);
            await Promise.race([...running].map((other) => other.done.catch(() => undefined)));
          } finally {
            running.delete(run);
          }
        }
      }));
    },
    put: (path, content, putOptions = {}) => onFile('write', path, (sftp) => sftpPut(sftp, path, content, putOptions.mode)),
    get: (path) => onFile('read', path, (sftp) => sftpGet(sftp, path)),
    async close() {
      isClosed = true;
      const runs = [...running];
      for (const run of runs) run.terminate();
      await Promise.all(runs.map((run) => run.done.catch(() => undefined)));
      const opened = await session?.catch(() => undefined);
      if (opened !== undefined) disposeSession(opened);
    },
  };
}

function disposeSession(live: Session): void {
  live.ssh.dispose();
  live.jump?.dispose();
}

type Settings = typeof DEFAULTS & Omit<SshConnectionOptions, keyof typeof DEFAULTS>;

/** Connects (through the jump host if any), retrying refused, reset and timed-out attempts with a growing pause. */
async function openSession(host: string, settings: Settings, redact: (text: string) => string): Promise<Session> {
  const privateKey = await readPrivateKey(host, settings.privateKeyPath);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await connectOnce(host, settings, privateKey);
    } catch (error) {
      const failure = error instanceof ConnectionError ? { error, isRetryable: false } : connectFailure(host, targetOf(settings), error, redact);
      if (attempt >= settings.retries || !failure.isRetryable) throw failure.error;
      await sleep(Math.min(250 * 2 ** attempt, 2000));
    }
  }
}

async function connectOnce(host: string, settings: Settings, privateKey: string | undefined): Promise<Session> {
  const target = targetOf(settings);
  let jump: NodeSSH | undefined;
  try {
    let sock: unknown;
    if (settings.jump !== undefined) {
      const via: Endpoint = { address: settings.jump.address, port: settings.jump.port ?? 22, user: settings.jump.user ?? settings.user };
      jump = await handshake(host, via, settings, privateKey, undefined);
      sock = await jump.forwardOut('127.0.0.1', 0, target.address, target.port).catch((error: unknown) => {
        throw Object.assign(new Error(`the jump host ${via.address} cannot reach ${target.address}:${target.port}: ${error instanceof Error ? error.message : String(error)}`), { code: /refused/i.test(String(error)) ? 'ECONNREFUSED' : undefined });
      });
    }
    const ssh = await handshake(host, target, settings, privateKey, sock);
    const client = ssh.connection as unknown as Ssh2Client;
    const live: Session = { ssh, client, jump, sftp: undefined, isAlive: true };
    const markLost = (): void => { live.isAlive = false; };
    client.on('error', markLost).on('close', markLost).on('end', markLost);
    return live;
  } catch (error) {
    jump?.dispose();
    throw error;
  }
}

/** One SSH handshake with host key verification against known_hosts; a refused key throws ConnectionError. */
async function handshake(host: string, endpoint: Endpoint, settings: Settings, privateKey: string | undefined, sock: unknown): Promise<NodeSSH> {
  const hostKeys = await hostKeyVerifier(host, endpoint, { path: settings.knownHostsPath, shouldAcceptNew: settings.acceptNewHostKeys === true });
  // loaded on the first SSH connection: a plan or run over local connections never pays for it
  const ssh = new (createRequire(import.meta.url)('node-ssh') as typeof import('node-ssh')).NodeSSH();
  try {
    await ssh.connect({
      ...(sock === undefined ? { host: endpoint.address, port: endpoint.port } : { sock }),
      username: endpoint.user, privateKey, passphrase: settings.passphrase, password: settings.password,
      tryKeyboard: settings.password !== undefined, agent: settings.agent,
      hostVerifier: (key: Buffer, done: (isValid: boolean) => void) => hostKeys.verify(key, done),
      algorithms: { serverHostKey: hostKeys.algorithms },
      readyTimeout: settings.connectTimeoutMs, keepaliveInterval: settings.keepaliveMs, keepaliveCountMax: 3,
    });
    // node-ssh stops listening for errors once connected; an unheard 'error' event would end the process.
    (ssh.connection as unknown as Ssh2Client).on('error', () => undefined);
    return ssh;
  } catch (error) {
    ssh.dispose();
    throw hostKeys.refusal() ?? Object.assign(error instanceof Error ? error : new Error(String(error)), { endpoint });
  }
}

async function readPrivateKey(host: string, path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConnectionError(host, `${host}: cannot read the private key ${path}: ${reason} (check ansible_ssh_private_key_file)`, { cause: error });
  }
}

function targetOf(settings: Settings): Endpoint {
  return { address: settings.address, port: settings.port, user: settings.user };
}

function withDefaults(options: SshConnectionOptions): typeof DEFAULTS {
  return {
    port: options.port ?? DEFAULTS.port, connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    retries: options.retries ?? DEFAULTS.retries, keepaliveMs: options.keepaliveMs ?? DEFAULTS.keepaliveMs,
    outputCapBytes: options.outputCapBytes ?? DEFAULTS.outputCapBytes,
  };
}
