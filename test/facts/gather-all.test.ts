import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { localConnection, type Connection } from '../../engine/connection/index.js';
import { gatherAll, GATHERERS, type Gatherer } from '../../engine/facts/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const PATH = '/usr/local/bin:/usr/bin:/bin';
// fake ipfs-cluster binaries: the daemon "answers" while $HOME/up exists; every ctl call is logged
const SERVICE = '#!/bin/sh\ncase "$1" in --version) echo "ipfs-cluster-service version 0.10.1";; state) echo 6;; esac\n';
const CTL = `#!/bin/sh\necho "$*" >> "$HOME/ctl.log"\ncase "$*" in --version) echo "ipfs-cluster-ctl version 0.10.1"; exit 0;; esac
[ -e "$HOME/up" ] || { echo "cannot connect" >&2; exit 1; }
case "$*" in *" id") echo '{"id": "QmI", "peername": "p1", "version": "0.10.1", "cluster_peers": ["QmI"]}';;
  *"pin ls") echo '{"cid": {"/": "QmB"}}'; echo '{"cid": {"/": "QmA"}}';; esac\n`;
const config = (address: unknown) => JSON.stringify({ cluster: { peername: 'p1' }, api: { restapi: { http_listen_multiaddress: address } } });

/** A local host with these files in its home and the fake binaries on its PATH; `execs` counts its commands. */
function host(files: Record<string, string>, isInstalled = true): { connection: Connection; execs: () => number } {
  const home = writeFiles(tempDir(), { ...files, ...(isInstalled ? { 'bin/ipfs-cluster-service': SERVICE, 'bin/ipfs-cluster-ctl': CTL } : {}) });
  if (isInstalled) for (const bin of ['ipfs-cluster-service', 'ipfs-cluster-ctl']) chmodSync(join(home, 'bin', bin), 0o755);
  const real = localConnection('h1', { home, baseEnv: { PATH: `${home}/bin:${PATH}` } });
  let count = 0;
  return { connection: { ...real, exec: (command, options) => (count++, real.exec(command, options)) }, execs: () => count };
}

/** The facts without the fields that move by themselves (the clock, free disk). */
function stable(gatherer: Gatherer, facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).filter(([field]) => !gatherer.volatile.includes(field)));
}

const BOTH = [GATHERERS.get('system')!, GATHERERS.get('ipfs_cluster')!];

const CASES: { name: string; files: Record<string, string>; isInstalled?: boolean; execs: number }[] = [
  { name: 'not installed', files: {}, isInstalled: false, execs: 1 },
  { name: 'installed, the daemon answers', files: { '.ipfs-cluster/service.json': config('/ip4/0.0.0.0/tcp/9094'), up: '' }, execs: 1 },
  { name: 'installed, the daemon is down', files: { '.ipfs-cluster/service.json': config('/ip4/127.0.9.1/tcp/9094') }, execs: 1 },
  { name: 'installed, service.json missing', files: { '.ipfs-cluster/identity.json': '{"id": "QmI"}', up: '' }, execs: 1 },
  { name: 'installed, service.json broken', files: { '.ipfs-cluster/service.json': '{"api": {', up: '' }, execs: 1 },
  // the script cannot read an address in a list: the parser asks the daemon itself (id, pin ls)
  { name: 'installed, the address in a list', files: { '.ipfs-cluster/service.json': config(['/ip4/127.0.9.2/tcp/9094']), up: '' }, execs: 3 },
];

for (const c of CASES) {
  test(`all gatherers run in one exec and give the facts each gives alone: ${c.name}`, async () => {
    const { connection, execs } = host(c.files, c.isInstalled);
    const results = await gatherAll(BOTH, connection, { vars: {} });
    assert.equal(execs(), c.execs);
    const expected = await Promise.all(BOTH.map(async (g) => stable(g, await g.gather(connection, { vars: {} }))));
    assert.deepEqual(results.map((r) => ('facts' in r ? stable(BOTH.find((g) => g.name === r.name)!, r.facts) : r.error)), expected);
  });
}

test('the daemon is asked at the address service.json gives, 0.0.0.0 read as loopback, as when asked alone', async () => {
  const together = host({ '.ipfs-cluster/service.json': config('/ip4/0.0.0.0/tcp/9099'), up: '' });
  const [, cluster] = await gatherAll(BOTH, together.connection, { vars: {} });
  assert.deepEqual(cluster && 'facts' in cluster ? [cluster.facts.running, cluster.facts.pins] : cluster, [true, ['QmA', 'QmB']]);
  const { stdout } = await together.connection.exec({ kind: 'argv', argv: ['cat', 'ctl.log'] });
  assert.match(stdout, /--host \/ip4\/127\.0\.0\.1\/tcp\/9099 --enc json id\n.*--host \/ip4\/127\.0\.0\.1\/tcp\/9099 --enc json pin ls/);
});
