import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { checkHostKey, isHostMatch, keyFingerprint, keyTypeOf, knownHostName, parseKnownHosts } from '../../engine/connection/known-hosts.js';

const hashed = (name: string): string => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

test('known_hosts names a port-22 host plainly and any other port as [host]:port', () => {
  assert.deepEqual([knownHostName('10.0.0.1', 22), knownHostName('10.0.0.1', 2222)], ['10.0.0.1', '[10.0.0.1]:2222']);
});

test('host patterns match as OpenSSH matches them', () => {
  const cases: [string, string, boolean][] = [
    ['peer1.example.org', 'peer1.example.org', true], ['peer1.example.org,10.0.0.1', '10.0.0.1', true],
    ['*.example.org', 'peer1.example.org', true], ['peer?.example.org', 'peer12.example.org', false],
    ['*.example.org,!bad.example.org', 'bad.example.org', false], ['[10.0.0.1]:2222', '[10.0.0.1]:2222', true],
    ['[10.0.0.1]:2222', '10.0.0.1', false], ['10.0.0.1', '[10.0.0.1]:2222', false], ['PEER1', 'peer1', true],
    [hashed('[10.0.0.1]:2222'), '[10.0.0.1]:2222', true], [hashed('10.0.0.1'), '10.0.0.2', false],
  ];
  for (const [patterns, name, expected] of cases) assert.equal(isHostMatch(patterns, name), expected, `${patterns} vs ${name}`);
});

test('a key blob is named by its type and fingerprinted as SHA256 with unpadded base64', () => {
  const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)]);
  assert.equal(keyTypeOf(blob), 'ssh-ed25519');
  assert.match(keyFingerprint(blob), /^SHA256:[A-Za-z0-9+/]{43}$/);
});

test('a key is known, unknown, changed or revoked according to the entries for the host', () => {
  const a = Buffer.from('key-a');
  const b = Buffer.from('key-b');
  const text = `h1 ssh-ed25519 ${a.toString('base64')}\nh2 ssh-ed25519 ${a.toString('base64')}\n@revoked h3 ssh-ed25519 ${b.toString('base64')}\n@cert-authority * ssh-ed25519 ${b.toString('base64')}\n`;
  const entries = parseKnownHosts(text);
  assert.deepEqual([checkHostKey(entries, 'h1', a).kind, checkHostKey(entries, 'h1', b).kind, checkHostKey(entries, 'h9', a).kind,
    checkHostKey(entries, 'h3', b).kind], ['known', 'changed', 'unknown', 'revoked']);
});
