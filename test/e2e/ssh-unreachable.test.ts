import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sshConnection, type Connection } from '../../engine/connection/index.js';
import { executeRun, type RunEvent } from '../../engine/executor/index.js';
import { loadInventory } from '../../engine/inventory/index.js';
import { loadRunbook } from '../../engine/runbook/index.js';
import { tempDir } from '../helpers/files.js';
import { sshOptions, startSshd } from '../helpers/sshd.js';

test('a host whose sshd goes down mid-run is reported unreachable, with the reason, while the others finish', async () => {
  const ssh = await startSshd(3);
  const dir = tempDir();
  writeFileSync(join(dir, 'rb.yml'), 'runbook: t\nhosts: all\nsteps:\n  - command: [touch, one]\n  - command: [sleep, "1"]\n  - command: [touch, three]\n');
  writeFileSync(join(dir, 'inv.yml'), `all:\n  hosts:\n${ssh.hosts.map((h) => `    ${h.name}:\n`).join('')}`);
  const connections = new Map<string, Connection>();
  const events: RunEvent[] = [];
  const outcome = await executeRun({
    runbook: loadRunbook(join(dir, 'rb.yml')), inventory: loadInventory([join(dir, 'inv.yml')]), hosts: ssh.hosts.map((h) => h.name),
    extraVars: {}, runId: 'ssh-down', runDir: join(dir, 'run'),
    options: { mode: 'run', forks: 10, noRollback: false, tags: [], skipTags: [], startAtStep: undefined },
    connect: (host) => connections.get(host) ?? connections.set(host, sshConnection(host, sshOptions(ssh.host(host)))).get(host)!,
    prompter: { canAsk: false, assumeYes: false, ask: async () => '' },
    emit: (event) => {
      events.push(event);
      // host2's machine goes down once it has done step 1
      if (event.type === 'step-end' && event.id === '1' && event.host === 'host2') void ssh.stop('host2');
    },
  });
  await Promise.all([...connections.values()].map((c) => c.close()));
  assert.deepEqual(outcome.recap.map((r) => r.outcome), ['ok', 'unreachable', 'ok']);
  assert.ok(outcome.recap[1]?.reason && outcome.recap[1].reason.length > 0);
  assert.equal(outcome.exitCode, 3);
  for (const name of ['host1', 'host3']) assert.ok(existsSync(join(ssh.host(name).home, 'three')), name);
  assert.equal(existsSync(join(ssh.host('host2').home, 'three')), false);
});
