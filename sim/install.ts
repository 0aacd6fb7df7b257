#!/usr/bin/env node
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFaults } from './core/host.js';
import { installBinaries, installedVersion } from './host-setup.js';
import { isSupported, SUPPORTED_VERSIONS } from './versions.js';

// `ipfs-cluster-install <version>`: the stand-in for downloading and unpacking a release tarball into $HOME/bin.
const home = process.env['HOME'] || homedir();
const version = (process.argv[2] ?? '').replace(/^v/, '');
if (!version) {
  process.stderr.write(`usage: ipfs-cluster-install <version>   (installed: ${installedVersion(home) ?? 'none'})\n`);
  process.exit(2);
}
if (!isSupported(version)) {
  process.stderr.write(`ipfs-cluster-install: no release v${version} (available: ${SUPPORTED_VERSIONS.join(', ')})\n`);
  process.exit(1);
}
if (readFaults(home, process.env, version).has('install-fails')) {
  process.stderr.write(`ipfs-cluster-install: downloading ipfs-cluster-service_v${version}_linux-amd64.tar.gz: `
    + 'unexpected EOF (sim fault install-fails)\n');
  process.exit(1);
}
installBinaries(home, version);
process.stdout.write(`installed ipfs-cluster-service and ipfs-cluster-ctl v${version} in ${join(home, 'bin')}\n`);
