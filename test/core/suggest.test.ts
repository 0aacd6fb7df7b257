import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggest } from '../../engine/core/index.js';

const KEYS = ['when', 'name', 'register', 'retries', 'command', 'shell'];

for (const [typo, expected] of [['whn', 'when'], ['comand', 'command'], ['regsiter', 'register'], ['retires', 'retries'], ['SHELL', 'shell']] as const) {
  test(`"${typo}" suggests "${expected}"`, () => assert.equal(suggest(typo, KEYS), expected));
}

test('a word far from every candidate suggests nothing', () => {
  assert.equal(suggest('frobnicate', KEYS), undefined);
});
