/**
 * Real OpenSSH test hosts for the SSH and end-to-end tests.
 *
 * Design: one `/usr/sbin/sshd -D` per test host, each on its own loopback address (`127.X.Y.N`, X.Y unique to this
 * test process and harness, so test files running in parallel never meet) and a free port, each started inside its
 * own mount namespace (`unshare -m`) in which the host's folder is bind-mounted over `/root`. Everyone logs in as
 * root, so no Unix users are created (useradd + userdel cost ~0.2 s per host here and leave users behind after a
 * crash); still every host sees its own files: `$HOME` (set by sshd's `SetEnv`) is the host's folder as seen from
 * the test, and the login folder `/root` inside the namespace is that same folder, so relative paths (exec and SFTP)
 * land there too. The login stays lean: no PAM, no motd, and the host's `/root` has no rc files.
 * Stopping a host kills every process of its namespace (sshd, its sessions, what they left running): a machine
 * going down. Cleanup (registered with `after`) stops all hosts and removes the temp folder. sshd is run with
 * `setpriv --pdeathsig KILL`, so a test process that dies leaves no sshd behind. Start: ~0.1-0.2 s for 10 hosts.
 * A missing sshd throws (a test failure, never a skip), in CI and out of it.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';

const SSHD = '/usr/sbin/sshd';
const START_TIMEOUT_MS = 5000;
let harnessCount = 0;

/** One test host: what an inventory needs to reach it, and where its files are. */
export interface SshTestHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  /** The host's home: `$HOME` on the host, and the same folder as seen from the test. */
  readonly home: string;
  readonly privateKeyPath: string;
  /** A known_hosts file holding every host's key. */
  readonly knownHostsPath: string;
  /** The host's public key as a known_hosts key field pair, `ssh-ed25519 AAAA…`. */
  readonly hostPublicKey: string;
}

/** A set of running test hosts. */
export interface SshTestHosts {
  readonly hosts: readonly SshTestHost[];
  host(name: string): SshTestHost;
  /** Kills the host's sshd, its sessions and everything they started, as if the machine went down. */
  stop(name: string): Promise<void>;
  /** Starts a stopped host again (same address, port and key). */
  start(name: string): Promise<void>;
  /** Stops every host and removes the files; also run by `after`. */
  close(): Promise<void>;
}

/** Options of startSshd. */
export interface StartOptions {
  /** Host names (default host1…hostN). */
  readonly names?: readonly string[];
  /** The first three octets of the hosts' addresses (default unique to the process and the harness). */
  readonly addressBase?: string;
  /** Register close() with node:test's `after` (default); a benchmark outside node:test says false and closes itself. */
  readonly shouldCleanUpAfterTests?: boolean;
  /** More sshd_config lines for every host, e.g. `MaxSessions 2`. */
  readonly extraConfig?: readonly string[];
}

interface Running {
  readonly child: ChildProcess;
  readonly namespace: string;
}

/** Starts `count` OpenSSH hosts; see the file header for the design. */
export async function startSshd(count: number, options: StartOptions = {}): Promise<SshTestHosts> {
  requireSshd();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
  harnessCount += 1;
  // X.Y from the process ID (test files run in processes of their own), N after the hosts of earlier harnesses.
  const base = options.addressBase ?? `127.${20 + ((process.pid >> 8) % 80)}.${process.pid & 255}`;
  const first = options.addressBase === undefined ? ((harnessCount - 1) * 25) % 225 : 0;
  const root = mkdtempSync(join(tmpdir(), 'runbook-sshd-'));
  chmodSync(root, 0o755);
  const running = new Map<string, Running>();
  const close = async (): Promise<void> => {
    await Promise.all([...running.keys()].map((name) => stopHost(running, name)));
    rmSync(root, { recursive: true, force: true });
  };
  if (options.shouldCleanUpAfterTests !== false) after(close);
  const privateKeyPath = join(root, 'client_key');
  const knownHostsPath = join(root, 'known_hosts');
  const names = options.names ?? Array.from({ length: count }, (_, i) => `host${i + 1}`);
  await Promise.all([keygen(privateKeyPath), ...names.map((name) => keygen(join(root, name, 'host_key'), join(root, name, 'home')))]);
  writeFileSync(join(root, 'authorized_keys'), readFileSync(`${privateKeyPath}.pub`));
  const hosts = await Promise.all(names.map(async (name, i): Promise<SshTestHost> => {
    const address = `${base}.${first + i + 1}`;
    const hostPublicKey = readFileSync(join(root, name, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    return { name, address, port: await freePort(address), user: 'root', home: join(root, name, 'home'), privateKeyPath, knownHostsPath, hostPublicKey };
  }));
  writeFileSync(knownHostsPath, hosts.map((h) => `[${h.address}]:${h.port} ${h.hostPublicKey}\n`).join(''));
  const find = (name: string): SshTestHost => {
    const host = hosts.find((h) => h.name === name);
    if (host === undefined) throw new Error(`no test host named ${name}`);
    return host;
  };
  const start = async (name: string): Promise<void> => {
    running.set(name, await startHost(root, find(name), options.extraConfig ?? []));
  };
  await Promise.all(names.map(start));
  return { hosts, host: find, stop: (name) => stopHost(running, name), start, close };
}

function requireSshd(): void {
  if (existsSync(SSHD)) return;
  const ci = process.env.CI === 'true' ? ' (CI=true: this is a failure, not a skip)' : '';
  throw new Error(`${SSHD} is missing${ci}: install OpenSSH's server, e.g. apt-get install openssh-server (.ci/run does)`);
}

async function keygen(path: string, alsoCreate?: string): Promise<void> {
  mkdirSync(alsoCreate ?? join(path, '..'), { recursive: true });
  await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', path]);
}

/** A port free on `address` right now (sshd binds it a moment later; the address is this harness's alone). */
function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const where = server.address();
      server.close(() => (typeof where === 'object' && where !== null ? resolve(where.port) : reject(new Error('no port'))));
    });
  });
}

function sshdConfig(root: string, host: SshTestHost): string {
  return [
    `ListenAddress ${host.address}:${host.port}`, `HostKey ${join(root, host.name, 'host_key')}`, 'PidFile none',
    `AuthorizedKeysFile ${join(root, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no', 'PermitRootLogin yes',
    'PasswordAuthentication yes', 'KbdInteractiveAuthentication no', 'PrintMotd no', 'PrintLastLog no', 'UseDNS no',
    `SetEnv HOME=${host.home}`, 'Subsystem sftp internal-sftp', 'MaxStartups 100:30:200', 'AllowTcpForwarding yes',
    'LogLevel ERROR', '',
  ].join('\n');
}

/** Starts the host's sshd in a new mount namespace with its home over /root; resolves once it listens. */
async function startHost(root: string, host: SshTestHost, extraConfig: readonly string[]): Promise<Running> {
  const config = join(root, host.name, 'sshd_config');
  writeFileSync(config, sshdConfig(root, host) + extraConfig.map((line) => `${line}\n`).join(''));
  const script = 'mount --bind "$1" /root && exec "$2" -D -e -o LogLevel=${SSHD_LOG_LEVEL:-INFO} -f "$3"';
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '-m', '--propagation', 'private', '--',
    '/bin/sh', '-c', script, 'sh', host.home, SSHD, config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const onLog = (chunk: Buffer): void => {
    log += chunk.toString();
  };
  child.stderr?.on('data', onLog);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd for ${host.name} did not start within ${START_TIMEOUT_MS} ms:\n${log}`)), START_TIMEOUT_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      const hint = /Operation not permitted/.test(log) ? '\n(the harness needs root with CAP_SYS_ADMIN for unshare -m and mount --bind: a privileged container)' : '';
      reject(new Error(`sshd for ${host.name} exited (${code}):\n${log}${hint}`));
    };
    child.stderr?.on('data', () => {
      if (!log.includes('Server listening')) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve();
    });
    child.on('exit', onExit);
  });
  // Set SSHD_LOG_LEVEL=DEBUG to see the servers' logs while debugging a test.
  child.stderr?.removeAllListeners('data').on('data', (chunk: Buffer) => (process.env.SSHD_LOG_LEVEL === undefined ? undefined : process.stderr.write(chunk)));
  return { child, namespace: readlinkSync(`/proc/${child.pid}/ns/mnt`) };
}

async function stopHost(running: Map<string, Running>, name: string): Promise<void> {
  const host = running.get(name);
  if (host === undefined) return;
  running.delete(name);
  const exited = new Promise((resolve) => (host.child.exitCode === null ? host.child.once('exit', resolve) : resolve(null)));
  for (const pid of pidsInNamespace(host.namespace)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  await exited;
}

/** The processes whose mount namespace is `namespace` (each test host has its own). */
function pidsInNamespace(namespace: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/ns/mnt`) === namespace;
    } catch {
      return false;
    }
  });
}

/** The connection options that reach a test host with the harness's key and known_hosts. */
export function sshOptions(host: SshTestHost): { address: string; port: number; user: string; privateKeyPath: string; knownHostsPath: string } {
  return { address: host.address, port: host.port, user: host.user, privateKeyPath: host.privateKeyPath, knownHostsPath: host.knownHostsPath };
}
