import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJumpHost } from '../../engine/connection/index.js';

test('jump hosts are read from runbook_jump_host and from ProxyJump in ansible_ssh_common_args', () => {
  const cases: [string, 'jump-host' | 'ssh-common-args', unknown][] = [
    ['admin@bastion.example.org:2222', 'jump-host', { address: 'bastion.example.org', port: 2222, user: 'admin' }],
    ['bastion', 'jump-host', { address: 'bastion' }],
    ['-o ProxyJump=ops@10.0.0.5:22', 'ssh-common-args', { address: '10.0.0.5', port: 22, user: 'ops' }],
    ['-oProxyJump=b1', 'ssh-common-args', { address: 'b1' }],
    ['-o "ProxyJump ops@[fe80::1]:22"', 'ssh-common-args', { address: 'fe80::1', port: 22, user: 'ops' }],
    ['-J ops@b2', 'ssh-common-args', { address: 'b2', user: 'ops' }],
    ['', 'ssh-common-args', undefined],
  ];
  for (const [value, from, expected] of cases) assert.deepEqual(parseJumpHost(value, from), expected, value);
  assert.throws(() => parseJumpHost('a,b'), /chain of jump hosts/);
});

test('any ssh common arg other than ProxyJump is refused, naming the option and what is supported', () => {
  const cases: [string, RegExp][] = [
    ['-o ProxyCommand="nc bastion 22"', /"ProxyCommand=nc bastion 22" is not supported/],
    ['-o StrictHostKeyChecking=no -o ProxyJump=b1', /"StrictHostKeyChecking=no" is not supported/],
    ['-oUserKnownHostsFile=/dev/null', /"UserKnownHostsFile=\/dev\/null" is not supported/],
    ['-o ServerAliveInterval=5', /"ServerAliveInterval=5" is not supported/],
    ['-A', /"-A" is not supported/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => parseJumpHost(value, 'ssh-common-args'), (e: Error & { hint?: string }) =>
      message.test(e.message) && /only a jump host: -o ProxyJump/.test(e.hint ?? ''), value);
  }
});
