import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactor, SecretRegistry } from '../../engine/executor/index.js';
import { runOnLocalHosts } from '../helpers/run.js';

// the redactor checks an event before copying it: each case puts one secret in one place of an otherwise clean event
const clean = () => ({ type: 'step-end', id: '3', host: 'h1', name: 'n', status: 'ok', description: 'echo hi', undo: ['rm x'], durationMs: 1 });

test('a secret value only deep inside a nested field is masked, and the rest of the event kept', () => {
  const registry = new SecretRegistry({ values: ['DEEP-SECRET-41'] });
  const event = { ...clean(), result: { results: [{ msg: 'x', nested: { deep: ['ok', 'has DEEP-SECRET-41 inside'] } }] } };
  const masked = redactor(registry)(event);
  assert.deepEqual(masked, { ...clean(), result: { results: [{ msg: 'x', nested: { deep: ['ok', 'has ******** inside'] } }] } });
  assert.equal(event.result.results[0]!.nested.deep[1], 'has DEEP-SECRET-41 inside');
});

test('a secret known only by its key is masked at any depth, and by a name the run made secret (a no_log register)', () => {
  const registry = new SecretRegistry();
  const mask = redactor(registry);
  assert.deepEqual(mask({ ...clean(), result: { facts: { db: { password: 7, port: 5432 } } } }), { ...clean(), result: { facts: { db: { password: '********', port: 5432 } } } });
  assert.deepEqual(mask({ ...clean(), result: { out: 'plain words' } }), { ...clean(), result: { out: 'plain words' } });
  registry.addName('out');
  assert.deepEqual(mask({ ...clean(), result: { out: 'plain words' } }), { ...clean(), result: { out: '********' } });
});

test('a secret the registry learns after a clean event is masked in the next one; what is not plain data is copied as before', () => {
  const registry = new SecretRegistry();
  const mask = redactor(registry);
  const first = { ...clean(), description: 'echo LATE-SECRET-99' };
  assert.equal(mask(first), first);
  registry.add('LATE-SECRET-99');
  assert.deepEqual(mask({ ...clean(), description: 'echo LATE-SECRET-99' }), { ...clean(), description: 'echo ********' });
  assert.equal(JSON.stringify(mask({ when: new Date(0), list: [new Date(0)] })), '{"when":{},"list":[{}]}');
});

test('a no_log register\'s stdout is masked in the steps after it, even in a step whose arguments hold no template', async () => {
  const run = await runOnLocalHosts([
    'runbook: t', 'hosts: all', 'steps:',
    '  - command: [echo, REGOUT-5551]', '    register: out', '    no_log: true',
    '  - command: [echo, "{{ out.stdout }}"]',
    '  - command: [echo, REGOUT-5551]',
    '  - command: [echo, TOKOUT-7772]', '    register: api_token_out',
    '  - command: [echo, TOKOUT-7772, fixed]', ''].join('\n'), { hosts: 2 });
  assert.equal(run.exitCode, 0);
  const text = JSON.stringify(run.events);
  assert.equal(/REGOUT-5551|TOKOUT-7772/.test(text), false, text);
  const descriptions = run.events.flatMap((e) => (e.type === 'step-end' && e.host === 'h2' ? [e.description] : []));
  assert.deepEqual(descriptions, ['command (hidden: no_log)', 'echo ********', 'echo ********', 'echo ********', 'echo ******** fixed']);
});

test('a dry run masks a secret given from the start (-e) in steps whose arguments hold no template, described once for every host', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - command: [echo, LITERAL-SECRET-77]\n  - command: [echo, "{{ api_token }}"]\n',
    { hosts: 3, mode: 'check', extraVars: { api_token: 'LITERAL-SECRET-77' } });
  const text = JSON.stringify(run.events);
  assert.equal(text.includes('LITERAL-SECRET-77'), false, text);
  assert.equal(run.events.filter((e) => e.type === 'step-end' && e.description === 'echo ********').length, 6);
});
