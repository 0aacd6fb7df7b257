import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { localConnection } from '../../engine/connection/index.js';
import { executeRun } from '../../engine/executor/index.js';
import { loadInventory } from '../../engine/inventory/index.js';
import { loadRunbook } from '../../engine/runbook/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

// a crafted service.json on the host: http_listen_multiaddress with arguments of its own
const CRAFTED_API = '/ip4/127.0.0.1/tcp/9094 --version';

test('the shipped verify tasks pass a host-controlled api address to ipfs-cluster-ctl as one argv word', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'h1'));
  // a fake ipfs-cluster-ctl that records its argv, one word per line, and answers as a READY peer
  writeFiles(dir, {
    'bin/ipfs-cluster-ctl': `#!/bin/sh\nprintf '%s\\n' "$@" >> ${JSON.stringify(join(dir, 'argv.log'))}\necho ---- >> ${JSON.stringify(join(dir, 'argv.log'))}\n`
      + 'case "$*" in *" id") echo \'{"version":"1.1.6","cluster_peers":["P1"]}\';; esac\n',
    'inv.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n    h1: { runbook_home: ${join(dir, 'h1')} }\n`,
    'rb.yml': `runbook: v\nhosts: all\nfacts: [ipfs_cluster]\nvars:\n  target_version: 1.1.6\n  api: "{{ facts.ipfs_cluster.api }}"\n  expected_pins: []\n`
      + `steps:\n  - name: verify\n    include: ${join(PROJECT_ROOT, 'runbooks/tasks/verify.yml')}\n`,
  });
  chmodSync(join(dir, 'bin/ipfs-cluster-ctl'), 0o755);
  const env = { PATH: `${join(dir, 'bin')}:/usr/bin:/bin` };
  const outcome = await executeRun({
    runbook: loadRunbook(join(dir, 'rb.yml')), inventory: loadInventory([join(dir, 'inv.yml')]), hosts: ['h1'], extraVars: {},
    runId: 'argv', runDir: join(dir, 'run'), options: { mode: 'run', forks: 1, noRollback: false, tags: [], skipTags: [], startAtStep: undefined },
    facts: new Map([['h1', { ipfs_cluster: { api: CRAFTED_API, id: 'P1' } }]]),
    connect: (host) => localConnection(host, { home: join(dir, host), baseEnv: env }),
    prompter: { canAsk: false, assumeYes: false, ask: async () => '' }, emit: () => {},
  });
  assert.equal(outcome.exitCode, 0);
  const calls = readFileSync(join(dir, 'argv.log'), 'utf8').split('----\n').filter(Boolean).map((c) => c.trimEnd().split('\n'));
  assert.deepEqual(calls, [['--host', CRAFTED_API, '--enc', 'json', 'id'], ['--host', CRAFTED_API, '--enc', 'json', 'pin', 'ls']]);
});
