import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { EngineError, packageRoot, visibleText } from '../core/index.js';
import { DEFAULT_MAX_HOSTS } from '../inventory/host-range.js';
import type { InventoryOptions } from './commands/inventory.js';
import type { RunCommandOptions } from './commands/run.js';
import type { RehearseOptions } from '../../rehearse/command.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { printDiagnostics, processInterrupts, processTerminal, type Interrupts, type Terminal } from './terminal.js';

const KIND_EXIT = { 'invalid-input': EXIT.invalidInput, usage: EXIT.badOptions, failed: EXIT.error } as const;

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Turns anything thrown into a message and an exit code; only bugs get a stack trace. */
function reportError(terminal: Terminal, error: unknown, debug: boolean): ExitCode {
  if (error instanceof EngineError) {
    if (error.diagnostics.length) printDiagnostics(terminal, error.diagnostics, error.maskSource);
    else terminal.err(`${terminal.chalk.red.bold('error')}: ${visibleText(error.message)}`);
    // a diagnostic prints its own hint: print the error's only if it says something else
    if (error.hint && !error.diagnostics.some((d) => d.hint === error.hint)) terminal.err(`${terminal.chalk.cyan('hint')}: ${visibleText(error.hint)}`);
    if (debug && error.stack) terminal.err(error.stack);
    return KIND_EXIT[error.kind];
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  terminal.err(`${terminal.chalk.red.bold('internal error')}: this is a bug in runbook; please report it with what follows.\n`
    + `runbook ${version()}, node ${process.version}, ${process.platform}-${process.arch}\n${stack}`);
  return EXIT.internalError;
}

type Action = (terminal: Terminal, interrupts: Interrupts) => ExitCode | Promise<ExitCode>;

function runOptions(command: Command): Command {
  return command
    .option('-i, --inventory <source>', 'inventory file, folder or host1,host2, list (repeatable; looked up in inventories/)', collect, [])
    .option('-e, --extra-vars <vars>', 'name=value pairs, JSON, or @file.yml; checked against the runbook\'s params (repeatable)', collect, [])
    .option('-l, --limit <pattern>', 'only the hosts of the runbook that this pattern also selects (@file reads a retry file)')
    .option('--allow-empty', 'a hosts pattern that matches no host is not an error')
    .option('--max-hosts <n>', `refuse an inventory with more hosts than this, or a host range that makes more (default ${DEFAULT_MAX_HOSTS})`)
    .option('-f, --forks <n>', "how many hosts work at the same time (default: the runbook's forks, else 50)")
    .option('-t, --tags <tags>', 'only steps with these tags (comma-separated)')
    .option('--skip-tags <tags>', 'leave out steps with these tags')
    .option('--start-at-step <name>', 'start at the task with this name; earlier ones are skipped')
    .option('--no-rollback', 'do not run undo hooks when a host fails')
    .option('--diff', 'show the content diff of every file a copy or template step writes (plans always show it)')
    .option('-y, --yes', 'answer yes to confirm and approve prompts')
    .option('--known-hosts <file>', 'known_hosts file that SSH host keys are checked against (default ~/.ssh/known_hosts)')
    .option('--accept-new-host-keys', 'record the keys of hosts not yet in known_hosts (as StrictHostKeyChecking=accept-new); a changed key is always refused')
    .option('--vault-password-file <file>', VAULT_PASSWORD_HELP, collect, []).option('--vault-id <[label@]file>', VAULT_ID_HELP, collect, []);
}

// as ansible's: a file holding the password, or an executable that prints it (ANSIBLE_VAULT_PASSWORD_FILE too)
const VAULT_PASSWORD_HELP = 'vault password file, or a script printing the password (repeatable; ANSIBLE_VAULT_PASSWORD_FILE too)';
const VAULT_ID_HELP = 'vault password file for one vault id (repeatable)';

// Each command's modules are imported when it runs, so that `runbook inventory --list` on a big
// inventory does not pay for loading SSH, templates and the live view.
function buildProgram(run: (action: Action) => void): Command {
  const program = new Command('runbook')
    .description('Declarative runbooks over an Ansible-style inventory, for upgrading IPFS Cluster without losing a pin.')
    .version(version(), '-V, --version')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--debug', 'show stack traces for errors')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  program.command('validate')
    .description('check runbooks (and the task files they include) against the schema and the format rules')
    .argument('<files...>', 'runbook or tasks files (looked up in runbooks/ when not found as given)')
    .addOption(new Option('--format <format>', 'how to print problems').choices(['text', 'json']).default('text'))
    .action((files: string[], options: { format: 'text' | 'json' }) => {
      run(async (terminal) => (await import('./commands/validate.js')).validateCommand(terminal, files, options));
    });
  program.command('route')
    .description('the upgrade route from one IPFS Cluster release to another: each hop, the runbook that takes it and why')
    .argument('<from>', 'the release the cluster runs, X.Y.Z').argument('<to>', 'the release to reach, X.Y.Z')
    .addOption(new Option('--consensus <consensus>', "the cluster's consensus").choices(['raft', 'crdt']).default('raft'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--data <file>', 'releases data file (default: runbooks/data/ipfs-cluster-releases.yml)')
    .action((from: string, to: string, options: import('./commands/route.js').RouteOptions) => {
      run(async (terminal) => (await import('./commands/route.js')).routeCommand(terminal, from, to, options));
    });
  runOptions(program.command('plan'))
    .description('show what exec would do, host by host and batch by batch (a dry run: only facts and check_mode: run steps run)')
    .argument('<runbook>', 'runbook file (looked up in runbooks/)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .addOption(new Option('--facts <which>', 'none: plan without gathering facts (what reads them is decided at run time)').choices(['all', 'none']).default('all'))
    .option('--detailed-exitcode', 'exit 0 when nothing would run, 2 when steps would run or are decided at run time')
    .option('-o, --out <file>', 'also save the plan, for `runbook exec --plan FILE`')
    .action((runbook: string, options: RunCommandOptions & { format: string; detailedExitcode?: boolean; out?: string }) => {
      run(async (terminal, interrupts) => (await import('./commands/run.js')).planCommand(terminal, runbook, options, interrupts));
    });

  runOptions(program.command('exec'))
    .description('run a runbook: checked first (undefined variables, bad expressions), then run, journaled under .runbook/runs/')
    .argument('[runbook]', 'runbook file (looked up in runbooks/); not needed with --plan')
    .option('--dry-run', 'print the plan instead of running (same as `runbook plan`)')
    .addOption(new Option('--facts <which>', 'with --dry-run, none: plan without gathering facts').choices(['all', 'none']).default('all'))
    .option('--plan <file>', 'run a plan saved with `runbook plan -o`, with its options; refused if its files changed or today\'s plan differs from it')
    .addOption(new Option('--output <kind>', 'live: a progress tree (the default on a terminal); plain: a line per event (the default otherwise, and with CI=true); json: the events as NDJSON (schemas/events.schema.json)').choices(['live', 'plain', 'json']))
    .option('--resume <run-id>', 'continue a failed or interrupted run with its own options and -e values: finished steps are not run again (see `runbook runs`)')
    .option('--rerun-interrupted', 'with --resume: run again a step the controller died in, though it does not declare `idempotent: true`')
    .option('--break-lock <reason>', 'take the hosts\' leases even from a run that looks alive; the reason goes to the journal')
    .action((runbook: string | undefined, options: RunCommandOptions & { dryRun?: boolean; plan?: string; resume?: string; output?: string }) => {
      run(async (terminal, interrupts) => {
        if (options.rerunInterrupted && options.resume === undefined) throw new EngineError('usage', '--rerun-interrupted goes with --resume RUN');
        return options.resume !== undefined
          ? (await import('./commands/continue-run.js')).resumeCommand(terminal, options.resume, options, interrupts)
          : (await import('./commands/run.js')).execCommand(terminal, runbook, options, interrupts);
      });
    });

  program.command('rehearse')
    .description('rehearse a runbook on a simulated twin of the cluster (read-only here), then under a fault matrix; exit 2 if a cell fails')
    .argument('<runbook>', 'runbook file (looked up in runbooks/)')
    .option('-i, --inventory <source>', 'the real cluster\'s inventory (repeatable; looked up in inventories/); only read', collect, [])
    .option('-e, --extra-vars <vars>', 'as for exec (repeatable)', collect, [])
    .option('-l, --limit <pattern>', 'only the hosts of the runbook that this pattern also selects')
    .option('--faults <kinds>', 'only these faults: install-fails, never-ready, crash-at-start, disk-full, unreachable, controller-killed')
    .option('--peers <hosts>', 'only the cells of these peers (comma-separated)')
    .option('--steps <ids>', 'only the cells of these steps, e.g. 4.1,4.3 (4.2 takes 4.2.1 too)')
    .option('--budget <duration>', 'start no cell after this long, e.g. 10m; the cells left are reported not run')
    .option('--jobs <n>', 'twins at once (default: the cores less one, at least 1)')
    .option('--cell-timeout <duration>', 'kill a cell\'s run after this long (default 10m)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'markdown', 'json']).default('text'))
    .option('-o, --out <file>', 'also write the report to this file')
    .action((runbook: string, options: RehearseOptions) => {
      // the rehearsal drives the simulator, so it lives above engine/ (rehearse/); this is its one way in
      run(async (terminal) => (await import('../../rehearse/command.js')).rehearseCommand(terminal, runbook, options));
    });

  program.command('test')
    .description('run scenario files (a simulated cluster, faults, a runbook and its -e, the expected outcome); exit 2 if one fails')
    .argument('[paths...]', 'scenario files or folders of them (default: scenarios/)')
    .option('--jobs <n>', 'scenarios at once, each on a twin of its own (default 1)')
    .action((paths: string[], options: { jobs?: string }) => {
      // drives the simulator as rehearse does, from rehearse/
      run(async (terminal) => (await import('../../rehearse/command.js')).testCommand(terminal, paths, options));
    });

  // approve and rollback both continue a recorded run: the same arguments, another command of run.ts
  const continuing = [
    ['approve', 'approve the batch a suspended run waits for, and go on with the run', 'approveCommand'],
    ['rollback', 'run every undo hook a run\'s finished steps left, per host, newest first (also after --no-rollback or a killed controller)',
      'rollbackCommand'],
  ] as const;
  for (const [name, description, command] of continuing) {
    program.command(name)
      .description(description)
      .argument('<run-id>', 'as `runbook runs` lists it')
      .addOption(new Option('--output <kind>', 'as for exec').choices(['live', 'plain', 'json']))
      .option('--break-lock <reason>', 'take the hosts\' leases even from a run that looks alive; the reason goes to the journal')
      .action((id: string, options: { output?: string; breakLock?: string }) => {
        run(async (terminal, interrupts) => (await import('./commands/continue-run.js'))[command](terminal, id, options, interrupts));
      });
  }

  program.command('runs')
    .description('list the runs of this folder (.runbook/runs): when, runbook, hosts, outcome')
    .action(() => run(async (terminal) => (await import('./commands/runs.js')).runsCommand(terminal)));

  program.command('show')
    .description("a run's recap and failures, from its journal")
    .argument('<run-id>', 'as `runbook runs` lists it')
    .action((id: string) => run(async (terminal) => (await import('./commands/runs.js')).showCommand(terminal, id)));

  program.command('inventory')
    .description('show an inventory as Ansible would (ansible-inventory --list, --graph, --host)')
    .option('-i, --inventory <source>', 'inventory file, folder or host1,host2, list (repeatable; looked up in inventories/)', collect, [])
    .option('--list', 'every group and host with its variables, as JSON')
    .option('--graph [group]', 'the group tree, from `all` or the given group')
    .option('--vars', 'with --graph: show variables too')
    .option('--host <name>', "one host's variables, as JSON")
    .option('--list-hosts <pattern>', 'the hosts a pattern selects, in order (as `ansible PATTERN --list-hosts`)')
    .option('-l, --limit <pattern>', 'with --list-hosts: narrow the selection (a term matching nothing is a warning)')
    .option('--allow-empty', 'with --list-hosts: a pattern that matches no host is not an error')
    .option('--max-hosts <n>', `refuse an inventory with more hosts than this, or a host range that makes more (default ${DEFAULT_MAX_HOSTS})`)
    .option('--vault-password-file <file>', VAULT_PASSWORD_HELP, collect, []).option('--vault-id <[label@]file>', VAULT_ID_HELP, collect, [])
    .action((options: InventoryOptions) => {
      run(async (terminal) => (await import('./commands/inventory.js')).inventoryCommand(terminal, options));
    });
  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Signals are taken over only by the commands that read `interrupts` (plan, exec, approve): the others
 * (validate, inventory, runs, show) keep Node's default, so that Ctrl-C or SIGTERM ends them at once.
 */
function lazyInterrupts(terminal: Terminal): Interrupts {
  let interrupts: Interrupts | undefined;
  const made = () => (interrupts ??= processInterrupts(terminal));
  return { get stop() { return made().stop; }, get kill() { return made().kill; } };
}

function main(argv: readonly string[]): void {
  const program = buildProgram((action) => {
    const globals = program.opts<{ color: boolean; debug?: boolean }>();
    const terminal = processTerminal({ color: globals.color });
    const settle = (code: ExitCode) => {
      process.exitCode = code;
    };
    try {
      const result = action(terminal, lazyInterrupts(terminal));
      if (typeof result === 'number') settle(result);
      else result.then(settle, (error: unknown) => settle(reportError(terminal, error, globals.debug === true)));
    } catch (error) {
      settle(reportError(terminal, error, globals.debug === true));
    }
  });
  try {
    program.parse(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // help and version "errors" are commander's way of saying it printed what was asked
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.badOptions;
  }
}

main(process.argv);
