import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionError } from '../../engine/connection/index.js';
import { runOnLocalHosts, stepEnds } from '../helpers/run.js';

const RUNBOOK = `
runbook: fetch-lost
hosts: all
steps:
  - name: Change something
    command: [touch, done]
    rollback: { command: [rm, -f, done] }
  - name: Keep a copy
    fetch: { src: done }
`;

// found by `runbook rehearse`: a host lost at a fetch was reported failed, so its undo hooks ran into the lost
// connection and were spent; unreachable, they wait for `runbook rollback`
test('a host whose connection is lost during a fetch is unreachable, and its undo hooks are left owed', async () => {
  const run = await runOnLocalHosts(RUNBOOK, { hosts: 2, connect: (host, real) => host === 'h2'
    ? { ...real, get: async () => { throw new ConnectionError(host, `${host}: connection lost`); } } : real });
  assert.equal(run.exitCode, 3);
  assert.deepEqual(stepEnds(run.events).sort(), ['h1 1 changed', 'h1 2 changed', 'h2 1 changed', 'h2 2 unreachable']);
  assert.equal(run.events.some((e) => e.type === 'undo' && e.host === 'h2'), false);
});
