#!/usr/bin/env node
import { homedir } from 'node:os';
import { exec, inspect, logs, ps, rm, stop } from './containers.js';
import { UsageError, parseFlags } from './flags.js';
import { listImages, pull, tag, type Output } from './images.js';
import { run } from './run.js';

// `docker` on a simulated host: the subset of the Docker CLI that deploying IPFS Cluster as containers needs, over a
// simulated engine whose state lives in <host>/.sim/docker (see sim/README.md "Containers").
const home = process.env['HOME'] || homedir();
const [command = '', ...argv] = process.argv.slice(2);

const COMMANDS: Record<string, (args: readonly string[]) => Output | Promise<Output>> = {
  pull: (args) => pull(home, parseFlags(args, [{ long: 'quiet', short: 'q', hasValue: false }]).rest[0] ?? ''),
  tag: (args) => tag(home, args[0] ?? '', args[1] ?? ''),
  images: (args) => listImages(home, parseFlags(args, [{ long: 'quiet', short: 'q', hasValue: false }]).values.has('quiet')),
  run: (args) => run(home, args),
  stop: (args) => stop(home, args),
  rm: (args) => rm(home, args),
  ps: (args) => ps(home, args),
  inspect: (args) => inspect(home, args),
  logs: (args) => logs(home, args),
  exec: (args) => exec(home, args),
};

async function main(): Promise<number> {
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(`docker: unknown command: docker ${command}\n\nRun 'docker --help' for more information\n`);
    return 1;
  }
  try {
    const output = await handler(argv);
    process.stdout.write(output.stdout);
    process.stderr.write(output.stderr);
    return output.code;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\nSee 'docker ${command} --help'.\n`);
    return 125;
  }
}

process.exitCode = await main();
