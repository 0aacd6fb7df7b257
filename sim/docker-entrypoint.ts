#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { binVersion } from './host-setup.js';
import { specFor } from './versions.js';

// The Docker image's entrypoint.sh, for rehearsing "replace the container": print the version, init when there is no
// service.json, then exec ipfs-cluster-service with the arguments or the image's CMD of that release (§6).
const home = process.env['HOME'] || homedir();
// in a simulated container (sim/docker), the image's own binaries; else the host's
const bin = process.env['IPFS_CLUSTER_SIM_BIN'] || join(home, 'bin');
const service = join(bin, 'ipfs-cluster-service');
const spec = specFor(binVersion(bin) ?? '');
const folder = process.env['IPFS_CLUSTER_PATH'] || join(home, '.ipfs-cluster');
const env = { ...process.env, IPFS_CLUSTER_PATH: folder, IPFS_CLUSTER_SIM_BUILD: 'docker' };

spawnSync(service, ['--version'], { stdio: 'inherit', env });
if (existsSync(join(folder, 'service.json'))) {
  process.stdout.write(`Found IPFS cluster configuration at ${folder}\n`);
} else {
  process.stdout.write('This container only runs ipfs-cluster-service. ipfs needs to be run separately!\n');
  const consensus = process.env['IPFS_CLUSTER_CONSENSUS'] ?? 'crdt';
  const init = spawnSync(service, spec.hasIdentityJson ? ['init', '--consensus', consensus] : ['init'], { stdio: 'inherit', env });
  if (init.status !== 0) process.exit(init.status ?? 1);
}
const cmd = spec.isBareDaemon ? [] : spec.stateFormat !== null ? ['daemon', '--upgrade'] : ['daemon'];
const args = process.argv.length > 2 ? process.argv.slice(2) : cmd;
const child = spawn(service, args, { stdio: 'inherit', env });
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 1 : 0); });
