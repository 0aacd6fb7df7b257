import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYamlText, UnsafeText, VaultedValue } from '../../engine/source/index.js';
import { renderValue } from '../../engine/template/index.js';
import { AT, scopeOf } from './helpers.js';

const vars = (yaml: string) => parseYamlText('vars.yml', yaml).value as Record<string, unknown>;

test('an !unsafe var is used as written: its {{ }} is never rendered', () => {
  const scope = scopeOf(vars('cmd: !unsafe "{{ lookup(\'pipe\', \'id\') }}"\n'));
  assert.equal(renderValue('echo {{ cmd }}', scope, AT), "echo {{ lookup('pipe', 'id') }}");
  assert.equal(renderValue('{{ cmd }}', scope, AT), "{{ lookup('pipe', 'id') }}");
});

test('a templated var that uses an !unsafe one renders around it, not into it', () => {
  const scope = scopeOf(vars('raw: !unsafe "{{ x }}"\nline: "say {{ raw }}"\n'));
  assert.equal(renderValue('{{ line }}', scope, AT), 'say {{ x }}');
});

test('!unsafe on a list or a mapping marks every string inside it', () => {
  const { list, map } = vars('list: !unsafe ["{{ a }}", 1]\nmap: !unsafe { k: "{{ b }}" }\n');
  assert.ok((list as unknown[])[0] instanceof UnsafeText);
  assert.equal((list as unknown[])[1], 1);
  assert.deepEqual(renderValue('{{ map }}', scopeOf({ map }), AT), { k: '{{ b }}' });
});

test('a !vault value reads as a VaultedValue, decrypted only when a template uses it', () => {
  const { secret } = vars('secret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n');
  assert.ok(secret instanceof VaultedValue);
  assert.throws(() => renderValue('{{ secret }}', scopeOf({ secret }), AT),
    /variable "secret" is vault-encrypted and no vault password was given \(written at vars\.yml:1:1\)/);
});

test('an !unsafe value reached through data (hostvars) reads as its text, never rendered', () => {
  const scope = scopeOf({}, { hostvars: { h1: vars('motd: !unsafe "{{ x }}"\n') } });
  assert.equal(renderValue('say {{ hostvars.h1.motd | upper }}', scope, AT), 'say {{ X }}');
});
