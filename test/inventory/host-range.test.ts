import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandHostPattern, forEachHost, HostRangeError, splitPort } from '../../engine/inventory/host-range.js';

const EXPANSIONS: readonly [string, readonly string[]][] = [
  ['web[01:03]', ['web01', 'web02', 'web03']],
  ['web[8:11]', ['web8', 'web9', 'web10', 'web11']],
  ['db[a:c]', ['dba', 'dbb', 'dbc']],
  ['x[0:8:4]', ['x0', 'x4', 'x8']],
  ['r[1:2]-n[a:b]', ['r1-na', 'r1-nb', 'r2-na', 'r2-nb']],
  ['n[y:B]', ['ny', 'nz', 'nA', 'nB']], // Python's string.ascii_letters order, as Ansible uses
  ['web[:2]', ['web0', 'web1', 'web2']], // an omitted start is 0
  ['d[001:010:4]', ['d001', 'd005', 'd009']],
  ['i[a:g:3]', ['ia', 'id', 'ig']],
  ['m[1:2][a:b].n[0:1]', ['m1a.n0', 'm1a.n1', 'm1b.n0', 'm1b.n1', 'm2a.n0', 'm2a.n1', 'm2b.n0', 'm2b.n1']],
];

for (const [pattern, hosts] of EXPANSIONS) {
  test(`${pattern} expands to ${hosts.join(' ')}`, () => assert.deepEqual(expandHostPattern(pattern).hosts, hosts));
}

// Ansible gives no host for web[5:1] and web[1:5:-1], and weba…webc for web[ab:c]; we refuse them
for (const bad of ['web[5:1]', 'web[a:5]', 'web[1:]', 'web[1:5:0]', 'web[1:5:-1]', 'web[01:5]', 'web[ab:c]']) {
  test(`${bad} is refused`, () => assert.throws(() => expandHostPattern(bad), HostRangeError));
}

test('a port is split off host:port and [ipv6]:port, but not off a range', () => {
  assert.deepEqual(splitPort('db1.example.com:2222'), { name: 'db1.example.com', port: 2222 });
  assert.deepEqual(splitPort('[fe80::1]:22'), { name: 'fe80::1', port: 22 });
  assert.deepEqual(splitPort('web[1:3]'), { name: 'web[1:3]', port: undefined });
  assert.deepEqual(expandHostPattern('web[1:2]:2200'), { hosts: ['web1', 'web2'], port: 2200 });
});

test('a port after a range with an omitted start applies to every host (Ansible would name them g0:2200)', () => {
  assert.deepEqual(expandHostPattern('g[:1]:2200'), { hosts: ['g0', 'g1'], port: 2200 });
});

test('a range over the cap is refused by counting, before any host is made', () => {
  const started = Date.now();
  assert.throws(() => expandHostPattern('h[1:1000][1:1000][1:1000]'),
    /its ranges make 1,000,000,000 hosts, over the limit of 100,000 \(raise it with --max-hosts N\)/);
  assert.ok(Date.now() - started < 1000);
});

test('a range exactly at the cap is expanded', () => {
  assert.equal(expandHostPattern('h[1:4]', 4).hosts.length, 4);
  assert.throws(() => expandHostPattern('h[1:5]', 4), HostRangeError);
});

test('a letter range with a bound of two letters says bounds are single letters', () => {
  assert.throws(() => expandHostPattern('web[ab:c]'), /\[ab:c\]: the bounds of a letter range are single letters/);
});

test('forEachHost adds what expandHostPattern returns, for plain names and patterns alike', () => {
  const patterns = ['web1', ' web1 ', 'h.example.com', 'x y', '', 'web1:2200', '[::1]:22', 'fe80::1', 'db[a:c]', 'w[1:2]:22', 'a]b'];
  for (const pattern of patterns) {
    const added: [string, number | undefined][] = [];
    assert.equal(forEachHost(pattern, 100, (name, port) => added.push([name, port])), undefined, pattern);
    const { hosts, port } = expandHostPattern(pattern, 100);
    assert.deepEqual(added, hosts.map((name) => [name, port]), pattern);
  }
});

test('forEachHost refuses even a plain name when no host may be added', () => {
  assert.match(forEachHost('web1', 0, () => assert.fail('added')) ?? '', /over the limit of 0/);
});
