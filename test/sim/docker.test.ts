import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simHost, type SimHost } from '../helpers/sim.js';

// The simulated `docker` of each host (sim/docker): what an image-based deployment of IPFS Cluster needs.

function docker(host: SimHost, args: readonly string[]) {
  return host.run('docker', args);
}

function bareHost(): SimHost {
  return simHost('1.1.6', { isBare: true });
}

test('docker pull: a release tag (vX.Y.Z) downloads, then is up to date; other tags and repositories fail as Docker does', () => {
  const host = bareHost();
  const first = docker(host, ['pull', 'ipfs/ipfs-cluster:v1.0.8']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^v1\.0\.8: Pulling from ipfs\/ipfs-cluster\n(\w{12}: Pull complete\n){3}Digest: sha256:\w{64}\nStatus: Downloaded newer image for ipfs\/ipfs-cluster:v1\.0\.8\ndocker\.io\/ipfs\/ipfs-cluster:v1\.0\.8\n$/);
  assert.match(docker(host, ['pull', 'docker.io/ipfs/ipfs-cluster:v1.0.8']).stdout, /Status: Image is up to date for ipfs\/ipfs-cluster:v1\.0\.8\n/);
  assert.deepEqual(docker(host, ['pull', 'ipfs/ipfs-cluster:1.0.8']), { status: 1, stdout: '',
    stderr: 'Error response from daemon: manifest for ipfs/ipfs-cluster:1.0.8 not found: manifest unknown: manifest unknown\n' });
  assert.equal(docker(host, ['pull', 'ipfs/ipfs-cluster:v1.0.9']).status, 1);
  assert.deepEqual(docker(host, ['pull', 'ipfs-cluster']).stderr,
    "Error response from daemon: pull access denied for ipfs-cluster, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n");
  writeFileSync(join(host.home, '.sim', 'faults'), 'install-fails@1.1.6\n');
  const cut = docker(host, ['pull', 'ipfs/ipfs-cluster:v1.1.6']);
  assert.equal(cut.status, 1);
  assert.match(cut.stderr, /^Error response from daemon: Get "https:\/\/registry-1\.docker\.io\/v2\/": .*\(sim fault install-fails\)\n$/);
  // tag: a second name for a local image; a missing source is refused
  assert.equal(docker(host, ['tag', 'ipfs/ipfs-cluster:v1.0.8', 'ipfs-cluster:current']).status, 0);
  assert.match(docker(host, ['images']).stdout, /^REPOSITORY\s+TAG\s+IMAGE ID\nipfs-cluster\s+current\s+(\w{12})\nipfs\/ipfs-cluster\s+v1\.0\.8\s+\1\n$/);
  assert.deepEqual(docker(host, ['tag', 'ipfs/ipfs-cluster:v1.1.6', 'x:y']).stderr, 'Error response from daemon: No such image: ipfs/ipfs-cluster:v1.1.6\n');
});

test('docker run -d: the image entrypoint runs the daemon of its release in the background; ps, inspect, logs, exec, stop, rm', async () => {
  const host = bareHost();
  const volume = join(host.home, 'volume');
  const run = docker(host, ['run', '-d', '--name', 'c1', '-v', `${volume}:/data/ipfs-cluster`, 'ipfs/ipfs-cluster:v1.0.8']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^[0-9a-f]{64}\n$/);
  assert.match(run.stderr, /^Unable to find image 'ipfs\/ipfs-cluster:v1\.0\.8' locally\nv1\.0\.8: Pulling from/);
  // the entrypoint printed the version and inited the mounted folder (CRDT by default), then started the daemon
  for (let i = 0; i < 100 && !docker(host, ['logs', 'c1']).stderr.includes('IPFS Cluster is READY'); i++) await new Promise((r) => setTimeout(r, 100));
  const logs = docker(host, ['logs', 'c1']);
  assert.match(logs.stdout, /^ipfs-cluster-service version 1\.0\.8\+git2f5f0297b536d512380c4b06dd02a7c142ed909f\nThis container only runs ipfs-cluster-service/);
  assert.ok(existsSync(join(volume, 'service.json')) && existsSync(join(volume, 'pebble')), readdirSync(volume).join(' '));
  assert.match(docker(host, ['ps']).stdout, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\n\w{12}\s+ipfs\/ipfs-cluster:v1\.0\.8\s+"\/sbin\/tini -- \/usr\/…"\s+.* ago\s+Up .*\s+c1\n$/);
  assert.equal(docker(host, ['inspect', '-f', '{{.State.Status}} {{.State.Running}} {{.Name}} {{.Config.Image}}', 'c1']).stdout, 'running true /c1 ipfs/ipfs-cluster:v1.0.8\n');
  const id = docker(host, ['exec', 'c1', 'ipfs-cluster-ctl', '--enc', 'json', 'id']);
  assert.equal(id.status, 0, id.stderr);
  assert.match(id.stdout, /"version": "1\.0\.8\+git2f5f0297/);
  const conflict = docker(host, ['run', '-d', '--name', 'c1', 'ipfs/ipfs-cluster:v1.0.8']);
  assert.equal(conflict.status, 125);
  assert.match(conflict.stderr, /^docker: Error response from daemon: Conflict\. The container name "\/c1" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\.\n\nRun 'docker run --help' for more information\n$/);
  assert.deepEqual(docker(host, ['rm', 'c1']), { status: 1, stdout: '',
    stderr: 'Error response from daemon: cannot remove container "c1": container is running: stop the container before removing or force remove\n' });
  // stop: SIGTERM, a clean shutdown (exit 0), the container stays until rm
  assert.deepEqual(docker(host, ['stop', 'c1']), { status: 0, stdout: 'c1\n', stderr: '' });
  assert.equal(docker(host, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'c1']).stdout, 'exited 0\n');
  assert.match(docker(host, ['logs', 'c1']).stderr, /IPFS Cluster has been shut down/);
  assert.match(docker(host, ['ps', '-a']).stdout, /Exited \(0\) .* ago\s+c1\n$/);
  assert.equal(docker(host, ['ps', '-q']).stdout, '');
  assert.match(docker(host, ['exec', 'c1', 'ipfs-cluster-ctl', 'id']).stderr, /^Error response from daemon: container [0-9a-f]{64} is not running\n$/);
  assert.deepEqual(docker(host, ['rm', 'c1']), { status: 0, stdout: 'c1\n', stderr: '' });
  for (const command of [['stop', 'c1'], ['rm', 'c1'], ['logs', 'c1'], ['exec', 'c1', 'ipfs-cluster-ctl', 'id']]) {
    assert.deepEqual(docker(host, command), { status: 1, stdout: '', stderr: 'Error response from daemon: No such container: c1\n' }, command[0]);
  }
  assert.deepEqual(docker(host, ['rm', '-f', 'c1']), { status: 0, stdout: '', stderr: '' });
  assert.deepEqual(docker(host, ['inspect', 'c1']), { status: 1, stdout: '[]\n', stderr: 'Error: No such object: c1\n' });
});

test('docker run --rm: a one-shot ipfs-cluster-service in the mounted folder; what it writes outside a volume goes with it', () => {
  const host = simHost('0.10.1');
  writeFileSync(join(host.home, 'empty.json'), '[]');
  const imported = host.service(['state', 'import', '-f', join(host.home, 'empty.json')]);
  assert.equal(imported.status, 0, imported.stderr);
  docker(host, ['pull', 'ipfs/ipfs-cluster:v0.10.1']);
  const base = ['run', '--rm', '--user', 'ipfs', '--entrypoint', 'ipfs-cluster-service', '-v', `${host.folder}:/data/ipfs-cluster`];
  const version = docker(host, [...base, 'ipfs/ipfs-cluster:v0.10.1', '--version']);
  assert.deepEqual(version, { status: 0, stdout: 'ipfs-cluster-service version 0.10.1+git0f9ce4807cc330f010bed6397f8670d0512f3b29\n', stderr: '' });
  assert.equal(docker(host, [...base, 'ipfs/ipfs-cluster:v0.10.1', 'state', 'version']).stdout, '6\n');
  // -w on a mounted folder: the export lands in the host folder
  const exported = docker(host, [...base, '-v', `${host.home}:/backup`, '-w', '/backup', 'ipfs/ipfs-cluster:v0.10.1', 'state', 'export', '-f', 'pins.json']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(host.home, 'pins.json'), 'utf8')), []);
  // no mount for the working folder: the file is written in the container's own filesystem, removed with it
  assert.equal(docker(host, [...base, 'ipfs/ipfs-cluster:v0.10.1', 'state', 'export', '-f', 'lost.json']).status, 0);
  assert.equal(existsSync(join(host.home, 'lost.json')), false);
  assert.equal(docker(host, ['ps', '-a', '-q']).stdout, '');
  // the one-shot's exit status is the command's
  assert.equal(docker(host, [...base, 'ipfs/ipfs-cluster:v0.10.1', 'no-such-command']).status, 1);
});

test('docker run refusals: image missing with --pull never, unknown tag, missing executable, unknown flag, bad volume', () => {
  const host = bareHost();
  assert.deepEqual(docker(host, ['run', '--rm', '--pull', 'never', 'ipfs-cluster:current']), { status: 125, stdout: '',
    stderr: "docker: Error response from daemon: No such image: ipfs-cluster:current\n\nRun 'docker run --help' for more information\n" });
  const tag = docker(host, ['run', '--rm', 'ipfs/ipfs-cluster:v9.9.9']);
  assert.equal(tag.status, 125);
  assert.equal(tag.stderr, "Unable to find image 'ipfs/ipfs-cluster:v9.9.9' locally\ndocker: Error response from daemon: manifest for ipfs/ipfs-cluster:v9.9.9 not found: manifest unknown: manifest unknown\n\nRun 'docker run --help' for more information\n");
  const missing = docker(host, ['run', '--rm', '--entrypoint', 'ipfs-cluster-follow', 'ipfs/ipfs-cluster:v1.1.6']);
  assert.equal(missing.status, 127);
  assert.match(missing.stderr, /docker: Error response from daemon: failed to create task for container: .*exec: "ipfs-cluster-follow": executable file not found in \$PATH: unknown\.\n/);
  assert.deepEqual(docker(host, ['run', '--bogus', 'x']), { status: 125, stdout: '', stderr: "unknown flag: --bogus\nSee 'docker run --help'.\n" });
  assert.equal(docker(host, ['run', '--rm', '-v', 'relative', 'ipfs/ipfs-cluster:v1.1.6']).stderr,
    "docker: Error response from daemon: invalid volume specification: 'relative'\n\nRun 'docker run --help' for more information\n");
  assert.equal(docker(host, ['frobnicate']).status, 1);
});
