import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactor, secretValues } from '../../engine/executor/index.js';
import { runOnLocalHosts } from '../helpers/run.js';

test('values of secret-looking variables are masked in every event, whatever step shows them', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - command: [echo, "token is {{ api_token }}"]\n  - command: [sh, -c, "echo {{ api_token }} >&2; exit 1"]\n',
    { hosts: 1, extraVars: { api_token: 's3cr3t-value' } });
  const text = JSON.stringify(run.events);
  assert.equal(text.includes('s3cr3t-value'), false);
  assert.match(text, /token is \*{8}/);
  assert.match(run.recap[0]?.reason ?? '', /exit code 1: \*{8}$/);
});

test('no_log hides a step\'s result and arguments', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - command: [echo, "{{ plain }}"]\n    no_log: true\n', { hosts: 1, extraVars: { plain: 'visible-otherwise' } });
  assert.equal(JSON.stringify(run.events).includes('visible-otherwise'), false);
});

test('the secret list comes from names such as *password*, *secret*, *token*, private_key, at any depth', () => {
  const secrets = secretValues({ db: { admin_password: 'pw-1234' }, cluster: { secret: 'abcd1234', id: 'QmPeer' }, private_key: 'KEYDATA', ansible_user: 'ops' });
  assert.deepEqual(secrets.sort(), ['KEYDATA', 'abcd1234', 'pw-1234']);
  const mask = redactor(secrets);
  assert.deepEqual(mask({ line: 'join with abcd1234', nested: { password: 'x' } }), { line: 'join with ********', nested: { password: '********' } });
});
