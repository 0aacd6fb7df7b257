import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { localConnection } from '../../engine/connection/index.js';
import { GATHERERS } from '../../engine/facts/index.js';
import { serviceCommand } from '../../engine/facts/ipfs-cluster.js';

// A host whose IPFS Cluster runs as a container: no ipfs-cluster-service on the host; `ipfs_cluster_service` says how
// to run one (here a stand-in for `docker run --rm … image ipfs-cluster-service` that records its arguments).
function containerHost(): { home: string; runner: string; calls: string } {
  const home = mkdtempSync(join(tmpdir(), 'facts-container-'));
  mkdirSync(join(home, 'volume'));
  writeFileSync(join(home, 'volume', 'service.json'), JSON.stringify({ cluster: { peername: 'c1' }, consensus: { raft: {} } }));
  const runner = join(home, 'fake-docker');
  const calls = join(home, 'calls');
  writeFileSync(runner, `#!/bin/sh
for a in "$@"; do printf '[%s]' "$a"; done >> ${JSON.stringify(calls)}; echo >> ${JSON.stringify(calls)}
for a in "$@"; do last2=$last; last=$a; done
case "$last2 $last" in
  *" --version") echo "ipfs-cluster-service version 1.0.8+git2f5f0297b536d512380c4b06dd02a7c142ed909f" ;;
  "state version") echo 6 ;;
esac
`);
  chmodSync(runner, 0o755);
  return { home, runner, calls };
}

test('a container peer: version and state format come from the ipfs_cluster_service command, its words passed as they are', async () => {
  const { home, runner, calls } = containerHost();
  const command = `${runner} run --rm -v '${home}/volume:/data/ipfs-cluster' 'ipfs-cluster:cur rent;touch pwned' ipfs-cluster-service`;
  const facts = await GATHERERS.get('ipfs_cluster')!.gather(localConnection('c1', { home }),
    { vars: { ipfs_cluster_path: join(home, 'volume'), ipfs_cluster_service: command } });
  assert.deepEqual([facts.installed, facts.version, facts.state_format, facts.peername, facts.config_path],
    [true, '1.0.8', 6, 'c1', join(home, 'volume')]);
  const words = `[run][--rm][-v][${home}/volume:/data/ipfs-cluster][ipfs-cluster:cur rent;touch pwned][ipfs-cluster-service]`;
  assert.deepEqual(readFileSync(calls, 'utf8').trim().split('\n'), [`${words}[--version]`, `${words}[state][version]`]);
  // the quoted word reached the command as one argument: no shell ever read it
  assert.equal(existsSync(join(home, 'pwned')), false);
});

test('without ipfs_cluster_service the host\'s own ipfs-cluster-service is asked (none here: not installed)', async () => {
  const { home, calls } = containerHost();
  const facts = await GATHERERS.get('ipfs_cluster')!.gather(localConnection('c1', { home, env: { PATH: '/usr/bin:/bin' } }),
    { vars: { ipfs_cluster_path: join(home, 'volume') } });
  assert.deepEqual([facts.installed, facts.version, facts.running], [false, null, false]);
  assert.equal(existsSync(calls), false);
});

test('ipfs_cluster_service: a template or an unbalanced quote is refused with the variable named', () => {
  assert.deepEqual(serviceCommand({}), []);
  assert.deepEqual(serviceCommand({ ipfs_cluster_service: 'docker run --rm "a b" img ipfs-cluster-service' }),
    ['docker', 'run', '--rm', 'a b', 'img', 'ipfs-cluster-service']);
  assert.throws(() => serviceCommand({ ipfs_cluster_service: 'docker run -v {{ home }}:/x img' }), /ipfs_cluster_service is read by the facts as written.*write the command out/);
  assert.throws(() => serviceCommand({ ipfs_cluster_service: "docker run 'img" }), /ipfs_cluster_service cannot be split into a command line: /);
  assert.throws(() => serviceCommand({ ipfs_cluster_service: ['docker'] }), /must be a command line/);
});
