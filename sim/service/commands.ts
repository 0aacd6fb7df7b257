import type { FlagDef } from '../core/args.js';
import type { VersionSpec } from '../versions.js';

const flag = (names: string, value = false): FlagDef => ({ names: names.split(','), value });

/** Global flags of `ipfs-cluster-service` per release (v0.3.x also had the daemon's flags here). */
export function globalFlags(spec: VersionSpec): FlagDef[] {
  const common = [flag('config,c', true), flag('force,f'), flag('debug,d'), flag('loglevel,l', true),
    flag('help,h'), flag('version,v')];
  return spec.isBareDaemon
    ? [...common, flag('bootstrap,j', true), flag('leave,x'), flag('alloc,a', true), flag('upgrade,u')]
    : common;
}

/** Flags of each command (`state <sub>` as `state-<sub>`) per release, from the version table. */
export function commandFlags(spec: VersionSpec, command: string): FlagDef[] {
  const help = flag('help,h');
  const withValue = new Set(['bootstrap,j', 'alloc,a', 'pintracker', 'consensus', 'datastore', 'peers', 'replication-min,rmin',
    'replication-max,rmax', 'allocations,allocs']);
  const defs = (names: readonly string[]) => [help, ...names.map((n) => flag(n, withValue.has(n)))];
  switch (command) {
    case 'init': return defs(spec.initFlags);
    case 'daemon': return defs(spec.daemonFlags);
    case 'state-export': case 'state-crdt-dot': return [help, flag('file,f', true)];
    case 'state-import': return defs(spec.stateImportFlags);
    case 'state-cleanup': return spec.forceFlag === 'local' ? [help, flag('force,f')] : [help];
    default: return [help];
  }
}

const DESCRIPTIONS: Record<string, string> = {
  init: 'create a default configuration and exit',
  daemon: 'run the IPFS Cluster peer (default)',
  state: 'manage the peer\'s consensus state (pinset)',
  version: 'print the ipfs-cluster version',
  'state-version': 'display the shared state format version',
  'state-upgrade': 'upgrade the IPFS Cluster state to the current version',
  'state-export': 'save the state to a JSON file',
  'state-import': 'load the state from a file produced by \'export\'',
  'state-cleanup': 'remove the peer\'s state from the load path',
  'state-crdt': 'CRDT-state commands',
  'state-crdt-dot': 'Write the CRDT-DAG as DOT file',
};

function flagLines(defs: readonly FlagDef[]): string {
  return defs.map((d) => `   ${d.names.map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).join(', ')}${d.value ? ' value' : ''}`).join('\n');
}

/** The app help (urfave/cli v1 layout, abridged). */
export function appHelp(spec: VersionSpec): string {
  const cmds = ['init', 'daemon', 'state', 'version'].map((c) => `     ${c.padEnd(10)}${DESCRIPTIONS[c]}`).join('\n');
  return `NAME:\n   ipfs-cluster-service - IPFS Cluster node management tool\n\nUSAGE:\n   ipfs-cluster-service [global options] command [command options] [arguments...]\n\n`
    + `VERSION:\n   ${spec.version}\n\nCOMMANDS:\n${cmds}\n     help, h   Shows a list of commands or help for one command\n\n`
    + `GLOBAL OPTIONS:\n${flagLines(globalFlags(spec))}\n`;
}

/** The help of one command (`state-export` style key). */
export function commandHelp(spec: VersionSpec, command: string): string {
  const name = command.replace('-', ' ');
  return `NAME:\n   ipfs-cluster-service ${name} - ${DESCRIPTIONS[command] ?? ''}\n\nUSAGE:\n   ipfs-cluster-service ${name} [command options] [arguments...]\n\n`
    + `OPTIONS:\n${flagLines(commandFlags(spec, command))}\n`;
}

/** The help of `state` listing the subcommands this release has. */
export function stateHelp(spec: VersionSpec): string {
  const subs = spec.stateSubcommands.map((s) => `     ${s.padEnd(10)}${DESCRIPTIONS[`state-${s}`] ?? ''}`).join('\n');
  return `NAME:\n   ipfs-cluster-service state - ${DESCRIPTIONS['state']}\n\nUSAGE:\n   ipfs-cluster-service state command [command options] [arguments...]\n\nCOMMANDS:\n${subs}\n`;
}
