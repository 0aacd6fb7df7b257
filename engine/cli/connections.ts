import { homedir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EngineError } from '../core/index.js';
import { localConnection, parseJumpHost, sshConnection, withEnvironment, type Connection, type JumpHost, type LocalConnectionOptions, type SshConnectionOptions } from '../connection/index.js';
import type { Inventory } from '../inventory/index.js';
import { createScope, renderValue } from '../template/index.js';

/** The connection options a run takes from the command line. */
export interface ConnectionOptions {
  readonly knownHosts?: string;
  readonly acceptNewHostKeys?: boolean;
}

/** A host's inventory variables rendered as templates (so `{{ inventory_dir }}/…` works), by name. */
function hostSettings(inventory: Inventory, host: string): (name: string) => unknown {
  const vars = inventory.hostVars(host);
  const source = inventory.hosts.get(host)?.source;
  const scope = createScope([{ kind: 'templated', vars }, { kind: 'data', vars: {
    inventory_hostname: host, inventory_file: source ?? null, inventory_dir: source ? dirname(resolve(source)) : null } }]);
  const at = inventory.hosts.get(host)?.at ?? { file: source ?? '-i', path: [] };
  return (name) => (vars[name] === undefined || vars[name] === null ? undefined : renderValue(vars[name], scope, at));
}

function wholeNumber(host: string, name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new EngineError('invalid-input', `host ${host}: ${name} is "${String(value)}", not a whole number`);
  return n;
}

/** A local host's own folder, and any host's extra environment: `runbook_home` and `runbook_environment`. */
function localSettings(inventory: Inventory, host: string): LocalConnectionOptions {
  const get = hostSettings(inventory, host);
  const home = get('runbook_home');
  const env = (get('runbook_environment') ?? {}) as Record<string, unknown>;
  return { ...(home === undefined ? {} : { home: String(home) }), baseEnv: process.env,
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) };
}

/** The host's jump host; an EngineError naming the host for an `ansible_ssh_common_args` option that is not read. */
function jumpOf(inventory: Inventory, host: string): JumpHost | undefined {
  const read = hostSettings(inventory, host);
  const jumpVar = read('runbook_jump_host');
  if (jumpVar !== undefined) return parseJumpHost(String(jumpVar), 'jump-host');
  const commonArgs = read('ansible_ssh_common_args');
  try {
    return commonArgs === undefined ? undefined : parseJumpHost(String(commonArgs), 'ssh-common-args');
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    throw new EngineError('invalid-input', `host ${host}: ${error.message}`, { hint: error.hint, cause: error });
  }
}

/** SSH settings from Ansible's connection variables, the agent, and the host key options. */
function sshSettings(inventory: Inventory, host: string, options: ConnectionOptions): SshConnectionOptions {
  const read = hostSettings(inventory, host);
  const get = (name: string) => { const v = read(name); return v === undefined ? undefined : String(v); };
  const expand = (path: string | undefined) => path?.replace(/^~(?=\/|$)/, homedir());
  const jump = jumpOf(inventory, host);
  const timeout = wholeNumber(host, 'ansible_ssh_timeout', get('ansible_ssh_timeout') ?? get('ansible_timeout'));
  return {
    address: get('ansible_host') ?? get('ansible_ssh_host') ?? host,
    port: wholeNumber(host, 'ansible_port', get('ansible_port') ?? get('ansible_ssh_port')) ?? 22,
    user: get('ansible_user') ?? get('ansible_ssh_user') ?? userInfo().username,
    privateKeyPath: expand(get('ansible_ssh_private_key_file') ?? get('ansible_private_key_file')),
    password: get('ansible_password') ?? get('ansible_ssh_pass'),
    agent: process.env.SSH_AUTH_SOCK,
    jump,
    knownHostsPath: expand(options.knownHosts) ?? join(homedir(), '.ssh', 'known_hosts'),
    acceptNewHostKeys: options.acceptNewHostKeys === true,
    retries: wholeNumber(host, 'ansible_ssh_retries', get('ansible_ssh_retries')),
    connectTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
  };
}

const CONNECTIONS = ['local', 'ssh', 'smart', 'paramiko'];

/** One connection per host, opened on first use, from its inventory vars; `closeAll` ends them. */
export function connections(inventory: Inventory, hosts: readonly string[], options: ConnectionOptions) {
  for (const host of hosts) {
    const kind = String(inventory.hostVars(host).ansible_connection ?? 'ssh');
    if (!CONNECTIONS.includes(kind)) {
      throw new EngineError('usage', `host ${host}: ansible_connection "${kind}" is not supported`, { hint: 'use ssh (the default) or local' });
    }
    // refused before any host is touched, not when the first step reaches this host
    if (kind !== 'local') jumpOf(inventory, host);
  }
  const open = new Map<string, Connection>();
  const connect = (host: string) => {
    let connection = open.get(host);
    if (!connection) {
      const isLocal = String(inventory.hostVars(host).ansible_connection ?? 'ssh') === 'local';
      const local = localSettings(inventory, host);
      connection = isLocal ? localConnection(host, local)
        : withEnvironment(sshConnection(host, sshSettings(inventory, host, options)), local.env ?? {});
      open.set(host, connection);
    }
    return connection;
  };
  const closeAll = async () => {
    await Promise.all([...open.values()].map((c) => c.close()));
    open.clear();
  };
  return { connect, closeAll };
}

