import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { redactor, SecretRegistry, secretValues } from '../../engine/executor/index.js';
import { runOnLocalHosts, stepEnds } from '../helpers/run.js';

test('values of secret-looking variables are masked in every event, whatever step shows them', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - command: [echo, "token is {{ api_token }}"]\n  - command: [sh, -c, "echo {{ api_token }} >&2; exit 1"]\n',
    { hosts: 1, extraVars: { api_token: 's3cr3t-value' } });
  const text = JSON.stringify(run.events);
  assert.equal(text.includes('s3cr3t-value'), false);
  assert.match(text, /token is \*{8}/);
  assert.match(run.recap[0]?.reason ?? '', /exit code 1: \*{8}$/);
});

test('no_log hides a step\'s result and arguments, and the step still runs', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - command: [sh, -c, "echo {{ plain }} > written"]\n    no_log: true\n',
    { hosts: 1, extraVars: { plain: 'visible-otherwise' } });
  assert.equal(JSON.stringify(run.events).includes('visible-otherwise'), false);
  assert.deepEqual(stepEnds(run.events), ['h1 1 changed']);
  assert.equal(readFileSync(join(run.home('h1'), 'written'), 'utf8'), 'visible-otherwise\n');
});

test('the secret list comes from names such as *password*, *secret*, *token*, private_key, at any depth', () => {
  const secrets = secretValues({ db: { admin_password: 'pw-1234' }, cluster: { secret: 'abcd1234', id: 'QmPeer' }, private_key: 'KEYDATA', ansible_user: 'ops' });
  assert.deepEqual(secrets.sort(), ['KEYDATA', 'abcd1234', 'pw-1234']);
  const mask = redactor(secrets);
  assert.deepEqual(mask({ line: 'join with abcd1234', nested: { password: 'x' } }), { line: 'join with ********', nested: { password: '********' } });
});

test('the redactor masks into a copy: arrays, nested mappings and a __proto__ key kept as they were, the input untouched', () => {
  const json = '{"type":"step-end","undo":["a","b"],"n":{"__proto__":{"x":1},"list":[null,1,true,""],"empty":{}},"token":"","d":"say abcd1234"}';
  const event = JSON.parse(json) as Record<string, unknown>;
  const masked = redactor(['abcd1234'])(event) as Record<string, unknown>;
  assert.notEqual(masked, event);
  assert.notEqual(masked.n, event.n);
  assert.equal(Object.hasOwn(masked.n as object, '__proto__'), true);
  assert.equal(Object.getPrototypeOf(masked.n), Object.prototype);
  assert.equal(JSON.stringify(event), json);
  assert.deepEqual(masked, { ...(JSON.parse(json) as Record<string, unknown>), d: 'say ********' });
});

test('the redactor passes on as it is an event with nothing to mask (an empty secret-named value included)', () => {
  const event = JSON.parse('{"type":"step-end","undo":["a","b"],"n":{"__proto__":{"x":1},"list":[null,1,true,""],"empty":{}},"token":""}') as Record<string, unknown>;
  assert.equal(redactor(['abcd1234'])(event), event);
  assert.equal(redactor(new SecretRegistry({ values: ['abcd1234'] }))(event), event);
});

test('a registry redactor masks the secrets the registry holds at each call', () => {
  const registry = new SecretRegistry();
  const mask = redactor(registry);
  assert.deepEqual(mask({ a: ['say abcd1234'], api_token: 5 }), { a: ['say abcd1234'], api_token: '********' });
  registry.add('abcd1234');
  assert.deepEqual(mask({ a: ['say abcd1234'] }), { a: ['say ********'] });
});
