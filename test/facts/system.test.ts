import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionError } from '../../engine/connection/index.js';
import { parseSystemFacts } from '../../engine/facts/index.js';
import { runOnLocalHosts } from '../helpers/run.js';

test('system facts are parsed from key=value lines, uid as a number', () => {
  assert.deepEqual(parseSystemFacts('hostname=peer1\nos=Linux\nuid=0\nhome=/root\nweird line\n'), { hostname: 'peer1', os: 'Linux', uid: 0, home: '/root' });
});

test('system facts are gathered on every host before the first step, each with its own home', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nfacts: [system]\nsteps:\n  - assert: { that: ["facts.system.home.endswith(inventory_hostname)", "facts.system.os == \'Linux\'", "facts.system.date is string"] }\n', { hosts: 2 });
  assert.equal(run.exitCode, 0, JSON.stringify(run.recap));
  const system = run.facts.get('h1')?.system as Record<string, unknown> | undefined;
  assert.match(String(system?.arch), /^\w+$/);
});

test('a host whose facts cannot be gathered is marked with the reason, and the others go on', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nfacts: [system]\nsteps:\n  - command: [touch, ok]\n', {
    // h2's transport fails, as an SSH host that refuses the connection does
    hosts: 2, connect: (host, real) => (host === 'h2' ? { ...real, exec: () => Promise.reject(new ConnectionError('h2', 'h2: connection refused')) } : real) });
  assert.deepEqual(run.recap.map((r) => r.outcome), ['ok', 'unreachable']);
  assert.match(run.recap[1]?.reason ?? '', /gathering facts: h2: connection refused/);
  assert.equal(run.exitCode, 3);
});

test('a run gathers all its facts on a host with one command before its first step', async () => {
  const commands = new Map<string, string[]>();
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nfacts: [system, ipfs_cluster]\nsteps:\n  - command: ["true"]\n', {
    hosts: 2, connect: (host, real) => ({ ...real, exec: (command, options) => {
      commands.set(host, [...(commands.get(host) ?? []), command.kind === 'argv' ? command.argv.join(' ') : command.script]);
      return real.exec(command, options);
    } }) });
  assert.equal(run.exitCode, 0, JSON.stringify(run.recap));
  assert.deepEqual([...commands.values()].map((c) => c.length), [2, 2]);
  assert.deepEqual([run.facts.get('h1')?.system !== undefined, run.facts.get('h1')?.ipfs_cluster !== undefined], [true, true]);
});
