import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactConfig } from '../../engine/facts/index.js';

test('the REST and pinning service APIs\' basic_auth_credentials keep their users and lose their passwords', () => {
  const config = { cluster: { secret: 'abcd', peername: 'p1' }, api: { restapi: { basic_auth_credentials: { admin: 'RESTAPIPASS0001' } },
    pinsvcapi: { basic_auth_credentials: { ops: 'PINSVCPASS0001' } } } };
  assert.deepEqual(redactConfig(config), { cluster: { secret: '********', peername: 'p1' }, api: {
    restapi: { basic_auth_credentials: { admin: '********' } }, pinsvcapi: { basic_auth_credentials: { ops: '********' } } } });
});
