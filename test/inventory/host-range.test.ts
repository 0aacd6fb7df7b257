import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandHostPattern, HostRangeError, splitPort } from '../../engine/inventory/host-range.js';

const EXPANSIONS: readonly [string, readonly string[]][] = [
  ['web[01:03]', ['web01', 'web02', 'web03']],
  ['web[8:11]', ['web8', 'web9', 'web10', 'web11']],
  ['db[a:c]', ['dba', 'dbb', 'dbc']],
  ['x[0:8:4]', ['x0', 'x4', 'x8']],
  ['r[1:2]-n[a:b]', ['r1-na', 'r1-nb', 'r2-na', 'r2-nb']],
  ['n[y:B]', ['ny', 'nz', 'nA', 'nB']], // Python's string.ascii_letters order, as Ansible uses
];

for (const [pattern, hosts] of EXPANSIONS) {
  test(`${pattern} expands to ${hosts.join(' ')}`, () => assert.deepEqual(expandHostPattern(pattern).hosts, hosts));
}

for (const bad of ['web[5:1]', 'web[a:5]', 'web[1:]', 'web[1:5:0]', 'web[01:5]']) {
  test(`${bad} is refused`, () => assert.throws(() => expandHostPattern(bad), HostRangeError));
}

test('a port is split off host:port and [ipv6]:port, but not off a range', () => {
  assert.deepEqual(splitPort('db1.example.com:2222'), { name: 'db1.example.com', port: 2222 });
  assert.deepEqual(splitPort('[fe80::1]:22'), { name: 'fe80::1', port: 22 });
  assert.deepEqual(splitPort('web[1:3]'), { name: 'web[1:3]', port: undefined });
  assert.deepEqual(expandHostPattern('web[1:2]:2200'), { hosts: ['web1', 'web2'], port: 2200 });
});
