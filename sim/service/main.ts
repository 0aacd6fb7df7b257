#!/usr/bin/env node
import { parseFlags, hasFlag, flagValue, UsageError, type Parsed } from '../core/args.js';
import { configFolder } from '../core/config.js';
import { hostContext } from '../core/host.js';
import { isSupported, shownVersion, specFor, type VersionSpec } from '../versions.js';
import { appHelp, commandFlags, commandHelp, globalFlags, stateHelp } from './commands.js';
import type { Invocation } from './invocation.js';

// The command modules load on demand: most invocations are short, and start-up time adds up over a runbook.
const runDaemon = async (inv: Invocation) => (await import('../daemon/daemon.js')).runDaemon(inv);
const runInit = async (inv: Invocation) => (await import('./init.js')).runInit(inv);
const runStateCommand = async (sub: string, inv: Invocation) => (await import('./state-commands.js')).runStateCommand(sub, inv);

const host = hostContext(process.env);
if (!isSupported(host.version)) {
  process.stderr.write(`ipfs-cluster-service (sim): IPFS_CLUSTER_SIM_VERSION is "${host.version}"; run it through a host's bin/ wrapper\n`);
  process.exit(127);
}
const spec = specFor(host.version);

/** Parses a command's flags; a bad flag prints "Incorrect Usage" and the help on stdout and exits 0 (cli v1). */
function parseCommand(command: string, args: readonly string[]): Parsed {
  try {
    const parsed = parseFlags(args, commandFlags(spec, command), true);
    if (hasFlag(parsed, 'help')) { process.stdout.write(commandHelp(spec, command)); process.exit(0); }
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stdout.write(`Incorrect Usage: ${error.message}\n\n${commandHelp(spec, command)}`);
    process.exit(0);
  }
}

function invocation(globals: Parsed, local: Parsed): Invocation {
  return { spec, host, globals, local, env: process.env, folder: configFolder(flagValue(globals, 'config'), process.env, host.home) };
}

function noHelpTopic(name: string): never {
  process.stderr.write(`No help topic for '${name}'\n`);
  process.exit(3);
}

async function runState(globals: Parsed, args: readonly string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === 'h' || sub === '-h' || sub === '--help') {
    process.stdout.write(stateHelp(spec));
    return;
  }
  if (!spec.stateSubcommands.includes(sub)) noHelpTopic(sub);
  if (sub === 'crdt') {
    const [crdtSub, ...more] = rest;
    const { CRDT_SUBCOMMANDS, runCrdtCommand } = await import('./crdt-commands.js');
    if (crdtSub === undefined) { process.stdout.write(`COMMANDS:\n${CRDT_SUBCOMMANDS.map((c) => `     ${c}`).join('\n')}\n`); return; }
    if (!CRDT_SUBCOMMANDS.includes(crdtSub)) noHelpTopic(crdtSub);
    await runCrdtCommand(crdtSub, invocation(globals, parseCommand(crdtSub === 'dot' ? 'state-crdt-dot' : 'state-crdt', more)));
    return;
  }
  await runStateCommand(sub, invocation(globals, parseCommand(`state-${sub}`, rest)));
}

function unknownCommand(vspec: VersionSpec): never {
  if (vspec.isBareDaemon) {
    process.stderr.write('unknown subcommand. Run "ipfs-cluster-service help" for more info\n');
  } else {
    process.stdout.write(appHelp(vspec));
  }
  process.exit(1);
}

async function main(argv: readonly string[]): Promise<void> {
  let globals: Parsed;
  try {
    globals = parseFlags(argv, globalFlags(spec), false);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stdout.write(`Incorrect Usage. ${error.message}\n\n${appHelp(spec)}`);
    return;
  }
  if (hasFlag(globals, 'version')) { process.stdout.write(`ipfs-cluster-service version ${shownVersion(spec, host.isDockerBuild)}\n`); return; }
  if (hasFlag(globals, 'help')) { process.stdout.write(appHelp(spec)); return; }
  const [command, ...rest] = globals.args;
  switch (command) {
    case undefined:
      if (spec.isBareDaemon) return runDaemon(invocation(globals, parseFlags([], [], false)));
      process.stdout.write(appHelp(spec));
      process.exit(1);
      break;
    case 'help': case 'h': process.stdout.write(appHelp(spec)); return;
    case 'version': parseCommand('version', rest); process.stdout.write(`${shownVersion(spec, host.isDockerBuild, 'version-command')}\n`); return;
    case 'init': return runInit(invocation(globals, parseCommand('init', rest)));
    case 'daemon': return runDaemon(invocation(globals, parseCommand('daemon', rest)));
    case 'state': return runState(globals, rest);
    default: unknownCommand(spec);
  }
}

await main(process.argv.slice(2));
