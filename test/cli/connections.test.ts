import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

test('plan refuses an ssh host whose ansible_ssh_common_args holds an option it would ignore, naming host and option', () => {
  const dir = writeFiles(tempDir(), {
    'inv.yml': 'all:\n  hosts:\n    web1: { ansible_host: 192.0.2.1, ansible_ssh_common_args: "-o ProxyCommand=\'nc bastion 22\'" }\n',
    'rb.yml': 'runbook: rb\nhosts: all\nsteps:\n  - command: ["true"]\n',
  });
  const result = runCli(['plan', 'rb.yml', '-i', 'inv.yml'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(result.status, 4, result.stderr);
  assert.match(result.stderr, /host web1: ansible_ssh_common_args: "ProxyCommand=nc bastion 22" is not supported/);
  assert.match(result.stderr, /-o ProxyJump=\[user@\]host\[:port\]/);
});
