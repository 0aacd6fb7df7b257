import type { Connection, ExecOptions } from '../connection/index.js';
import { parseJsonValues, shlexSplit } from '../core/index.js';
import { defineGatherer } from './gather-facts.js';
import { GatherError, type Gatherer } from './types.js';

const MASK = '********';

// One read-only round trip for files, versions and the daemon's answers; $1 is the config folder (absolute, or
// relative to HOME), the words after it the command that runs ipfs-cluster-service (default: the one on the PATH).
// Each header starts on a line of its own whatever the previous file ended with (service.json often has no final
// newline); a file that is absent prints no "present" marker, so "missing" and "empty" differ.
// The script reads the REST API address from service.json with grep; the parser checks it against its own
// reading (JSON.parse) and asks the daemon again itself when they differ (an address in a list, say).
const FILES_SCRIPT = `cfg="\${1:-\${IPFS_CLUSTER_PATH:-$HOME/.ipfs-cluster}}"
case "$cfg" in /*) ;; *) cfg="$HOME/$cfg" ;; esac
shift; [ $# -gt 0 ] || set -- ipfs-cluster-service
section() { printf '\\n== %s\\n' "$1"; }
file() { section "$1"; [ -e "$2" ] && printf 'present\\n' && cat "$2" 2>&1; }
address() { printf '%s' "$rest" | grep -o "\\"$1\\"[[:space:]]*:[[:space:]]*\\"[^\\"]*\\"" | head -n 1; }
section service_version; v=$("$@" --version 2>/dev/null); printf '%s\\n' "$v"
section ctl_version; ipfs-cluster-ctl --version 2>/dev/null
section config_path; echo "$cfg"
file service_json "$cfg/service.json"
file identity_json "$cfg/identity.json"
section entries; ls -1 "$cfg" 2>/dev/null
section snapshots; for d in raft ipfs-cluster-data; do [ -d "$cfg/$d/snapshots" ] && ls -1 "$cfg/$d/snapshots" | sed "s|^|$d/|"; done
section state_version; "$@" state version 2>/dev/null
section datastore; for d in pebble badger leveldb; do [ -d "$cfg/$d" ] && echo "$d" && ls -1 "$cfg/$d" | grep '^marker\.format-version\.'; done
section disk; df -Pk "$cfg" 2>/dev/null | tail -n 1
if printf '%s' "$v" | grep -Eq '[0-9]+\\.[0-9]+\\.[0-9]+'; then
  api=/ip4/127.0.0.1/tcp/9094
  if [ -r "$cfg/service.json" ]; then
    rest=$(tr -d '\\r\\n' < "$cfg/service.json" | grep -o '"restapi"[^}]*' | head -n 1)
    a=$(address http_listen_multiaddress); [ -n "$a" ] || a=$(address listen_multiaddress)
    [ -n "$a" ] && api=$(printf '%s' "$a" | sed 's/.*"\\([^"]*\\)"$/\\1/')
  fi
  api=$(printf '%s\\n' "$api" | sed 's|/ip4/0\\.0\\.0\\.0/|/ip4/127.0.0.1/|')
  t=; command -v timeout >/dev/null 2>&1 && t="timeout 30"
  section ctl_api; printf '%s\\n' "$api"
  section ctl_id; $t ipfs-cluster-ctl --host "$api" --enc json id 2>/dev/null; r=$?
  section ctl_id_exit; echo "$r"
  if [ "$r" = 0 ]; then section ctl_pins; $t ipfs-cluster-ctl --host "$api" --enc json pin ls 2>/dev/null; r=$?; section ctl_pins_exit; echo "$r"; fi
fi
section end`;

/** The sections of the files script's output, by name. */
function sections(stdout: string): Map<string, string> {
  const result = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  for (const line of stdout.split('\n')) {
    const header = /^== (\w+)$/.exec(line);
    if (header) {
      if (name) result.set(name, lines.join('\n').trim());
      name = header[1];
      lines = [];
    } else lines.push(line);
  }
  return result;
}

function versionIn(text: string | undefined): string | null {
  return /\d+\.\d+\.\d+/.exec(text ?? '')?.[0] ?? null;
}

/** A JSON file as the script printed it: absent, read, or unreadable with the parser's reason. */
type JsonFile = { readonly present: false } | { readonly present: true; readonly value: Record<string, unknown> | null; readonly error?: string };

function jsonFile(text: string | undefined): JsonFile {
  if (text === undefined || !/^present(\n|$)/.test(text)) return { present: false };
  // editors on other systems leave a byte-order mark or CRLF line ends; the daemon reads both
  const body = text.slice('present'.length).replace(/^\n/, '').replace(/^\uFEFF/, '');
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { present: true, value: value as Record<string, unknown> };
    return { present: true, value: null, error: 'not a JSON object' };
  } catch (error) {
    return { present: true, value: null, error: body.trim() === '' ? 'the file is empty' : (error as Error).message };
  }
}

/**
 * service.json or identity.json with the cluster secret, the private key and the REST and pinning
 * service APIs' `basic_auth_credentials` (user → password: the users stay, the passwords go) masked:
 * facts are shown in plans and kept in facts.json.
 */
export function redactConfig(config: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!config) return null;
  const walk = (value: unknown, key?: string): unknown => {
    if (key === 'secret' || key === 'private_key') return typeof value === 'string' && value !== '' ? MASK : value;
    if (key === 'basic_auth_credentials' && value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.keys(value).map((user) => [user, MASK]));
    }
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(config) as Record<string, unknown>;
}

type Config = { cluster?: Record<string, unknown>; consensus?: Record<string, Record<string, unknown>>; api?: Record<string, Record<string, unknown>> };

/** The REST API address ipfs-cluster-ctl should use: the configured listener, 0.0.0.0 read as 127.0.0.1. */
export function apiAddress(config: Config | null): string {
  const rest = config?.api?.restapi;
  const address = rest?.http_listen_multiaddress ?? rest?.listen_multiaddress ?? '/ip4/127.0.0.1/tcp/9094';
  return String(Array.isArray(address) ? address[0] : address).replace('/ip4/0.0.0.0/', '/ip4/127.0.0.1/');
}

/** Why a file that is there could not be read, naming it; null when it was read or is absent. */
function fileError(name: string, file: JsonFile, folder: string): string | null {
  return file.present && file.error !== undefined ? `${folder}/${name} cannot be read as JSON: ${file.error}` : null;
}

/**
 * The CRDT datastore folder (pebble, badger or leveldb) and, for Pebble, its on-disk format major version: the
 * value of its `marker.format-version.<iteration>.<version>` file, 1 (FormatMostCompatible) when it has none.
 */
export function parseDatastore(section: string | undefined): { backend: string; format_major_version: number | null } | null {
  const [backend, ...markers] = (section ?? '').split('\n').filter(Boolean);
  if (!backend) return null;
  const versions = markers.map((m) => Number(/\.(\d+)$/.exec(m)?.[1])).filter(Number.isInteger);
  return { backend, format_major_version: backend !== 'pebble' ? null : versions.length ? Math.max(...versions) : 1 };
}

/** What the files say: versions, config, consensus, state folder, snapshots, backups, datastore, disk. */
export function parseClusterFiles(stdout: string): Record<string, unknown> {
  const s = sections(stdout);
  const configFile = jsonFile(s.get('service_json'));
  const identityFile = jsonFile(s.get('identity_json'));
  const config = (configFile.present ? configFile.value : null) as Config | null;
  const identity = identityFile.present ? identityFile.value : null;
  const entries = (s.get('entries') ?? '').split('\n').filter(Boolean);
  const consensus = config?.consensus?.crdt ? 'crdt' : config?.consensus?.raft || config ? 'raft' : null;
  const stateDir = entries.includes('raft') ? 'raft' : entries.includes('ipfs-cluster-data') ? 'ipfs-cluster-data' : null;
  const configPath = s.get('config_path') ?? '';
  const dataFolder = config?.consensus?.raft?.data_folder;
  const snapshots = (s.get('snapshots') ?? '').split('\n').filter(Boolean);
  const stateVersion = Number(s.get('state_version'));
  const disk = (s.get('disk') ?? '').split(/\s+/);
  return {
    installed: versionIn(s.get('service_version')) !== null,
    version: versionIn(s.get('service_version')),
    ctl_version: versionIn(s.get('ctl_version')),
    config_path: configPath,
    config: redactConfig(config as Record<string, unknown> | null),
    config_error: fileError('service.json', configFile, configPath),
    identity_error: fileError('identity.json', identityFile, configPath),
    // 0.11+ writes identity.json on first load when it is missing: an undo can remove the one the new release wrote
    identity_present: identityFile.present,
    consensus,
    id: (identity?.id ?? config?.cluster?.id ?? null) as string | null,
    peername: (config?.cluster?.peername ?? null) as string | null,
    state_path: typeof dataFolder === 'string' && dataFolder ? dataFolder : stateDir ? `${configPath}/${stateDir}` : null,
    state_exists: stateDir !== null || (typeof dataFolder === 'string' && dataFolder !== ''),
    snapshot: snapshots.length > 0,
    snapshots,
    state_format: Number.isInteger(stateVersion) && s.get('state_version') !== '' ? stateVersion : null,
    backups: entries.filter((e) => /\.old\.\d+$/.test(e)).sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop())),
    lock: entries.includes('cluster.lock'),
    datastore: parseDatastore(s.get('datastore')),
    disk_free_kb: disk.length >= 4 && /^\d+$/.test(disk[3] ?? '') ? Number(disk[3]) : null,
    api: apiAddress(config),
  };
}

function cidOf(pin: unknown): string {
  const cid = (pin as { cid?: unknown }).cid ?? (pin as { Cid?: unknown }).Cid;
  return typeof cid === 'string' ? cid : String((cid as { '/'?: string } | undefined)?.['/'] ?? '');
}

/** What the running daemon says (when its API answers): id, peername, peerset, pins. */
export function parseClusterApi(idJson: string, pinsJson: string | undefined): Record<string, unknown> {
  const [id] = parseJsonValues(idJson) as Record<string, unknown>[];
  const pins = pinsJson === undefined ? null : parseJsonValues(pinsJson).map(cidOf).filter(Boolean).sort();
  return {
    running: true,
    id: id?.id ?? null,
    peername: id?.peername ?? null,
    running_version: versionIn(String(id?.version ?? '')),
    rpc_protocol_version: id?.rpc_protocol_version ?? null,
    peers: Array.isArray(id?.cluster_peers) ? [...(id.cluster_peers as string[])].sort() : [],
    pins,
    pin_count: pins?.length ?? null,
  };
}

/** An answer of ipfs-cluster-ctl: the one the files script got, when it asked at the right address, else asked now. */
async function ctl(output: Ctl, args: readonly string[]): Promise<{ exitCode: number | null; stdout: string }> {
  const section = args[0] === 'id' ? 'ctl_id' : 'ctl_pins';
  const exit = output.sections.get(`${section}_exit`);
  if (output.sections.get('ctl_api') === output.api && exit !== undefined) return { exitCode: Number(exit), stdout: output.sections.get(section) ?? '' };
  const argv = ['ipfs-cluster-ctl', '--host', output.api, '--enc', 'json', ...args];
  return output.connection.exec({ kind: 'argv', argv }, { ...output.options, timeoutMs: 30_000 });
}

/**
 * The words of the host's `ipfs_cluster_service` var (the command that runs ipfs-cluster-service, e.g. a one-shot
 * `docker run` of the peer's image), split as a shell would and passed as arguments, never through a shell; none
 * when it is not set. The facts read it as written: a template in it is refused, since nothing renders it here.
 */
export function serviceCommand(vars: Readonly<Record<string, unknown>>): string[] {
  const value = vars.ipfs_cluster_service;
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') throw new GatherError(`ipfs_cluster_service must be a command line (a string), not ${JSON.stringify(value)}`);
  if (/\{\{|\{%/.test(value)) {
    throw new GatherError(`ipfs_cluster_service is read by the facts as written, and "${value}" holds a template; write the command out in full`);
  }
  try {
    return shlexSplit(value);
  } catch (error) {
    throw new GatherError(`ipfs_cluster_service cannot be split into a command line: ${(error as Error).message}`);
  }
}

interface Ctl {
  readonly sections: ReadonlyMap<string, string>;
  readonly api: string;
  readonly connection: Connection;
  readonly options: ExecOptions;
}

/**
 * `facts.ipfs_cluster`, read-only: installed versions, config folder, service.json (secret and
 * private key masked), consensus, state folder, snapshots, `.old.N` backups, lock, free disk, and
 * when the daemon answers, its id, peername, peerset and pinset. The config folder is the host's
 * `ipfs_cluster_path` var, else IPFS_CLUSTER_PATH, else ~/.ipfs-cluster; the installed version and the state format
 * are what the host's `ipfs_cluster_service` command says (for a container peer, a one-shot run of its image).
 */
export const ipfsClusterGatherer: Gatherer = defineGatherer({
  name: 'ipfs_cluster',
  // `df` moves with every write on the filesystem, the plan file's own included
  volatile: ['disk_free_kb'],
  command: (vars) => ({ script: FILES_SCRIPT, args: [typeof vars.ipfs_cluster_path === 'string' ? vars.ipfs_cluster_path : '', ...serviceCommand(vars)] }),
  async parse(files, connection, { vars: _vars, ...options }) {
    const facts = parseClusterFiles(files.stdout);
    if (!facts.installed) return { ...facts, running: false, peers: [], pins: null, pin_count: null };
    const asked: Ctl = { sections: sections(files.stdout), api: String(facts.api), connection, options };
    const id = await ctl(asked, ['id']);
    if (id.exitCode !== 0) return { ...facts, running: false, peers: [], pins: null, pin_count: null };
    const pins = await ctl(asked, ['pin', 'ls']);
    const fromApi = parseClusterApi(id.stdout, pins.exitCode === 0 ? pins.stdout : undefined);
    return { ...facts, ...fromApi, id: fromApi.id ?? facts.id, peername: fromApi.peername ?? facts.peername };
  },
});
