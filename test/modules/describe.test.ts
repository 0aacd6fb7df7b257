import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODULES } from '../../engine/modules/index.js';
import type { ModuleName } from '../../engine/runbook/index.js';

/** Module arguments → the line plans show: every key that changes what the step does is in it. */
const CASES: readonly (readonly [ModuleName, unknown, string])[] = [
  ['copy', { content: 'abc', dest: 'out', mode: '0600', owner: 'ipfs', group: 'ipfs', backup: true }, 'copy 3 bytes of content → out (mode 0600, owner ipfs:ipfs, backup)'],
  ['copy', { content: 'abc', dest: 'out', group: 'adm' }, 'copy 3 bytes of content → out (owner :adm)'],
  ['template', { src: 't.j2', dest: 'out', mode: 'u=rw,g=r', backup: '{{ keep }}' }, 'template t.j2 → out (mode u=rw,g=r, backup {{ keep }})'],
  ['command', { argv: ['touch', 'ran'], chdir: 'sub', creates: 'here', stdin: 'x' }, 'touch ran (in sub, unless here exists, with stdin)'],
  ['shell', { cmd: 'echo hi', executable: '/bin/bash', removes: 'gone' }, 'echo hi (with /bin/bash, only if gone exists)'],
  ['fetch', { src: 'f', dest: 'got/' }, 'fetch f to the controller → got/ (per host)'],
  ['fetch', { src: 'f', dest: 'got.txt', flat: true }, 'fetch f to the controller → got.txt'],
  ['wait_for', { port: 9094, host: '10.0.0.2', sleep: '500ms', delay: 2 }, 'wait for port 10.0.0.2:9094 open (timeout 300 s, every 0.5 s, after 2 s)'],
  ['wait_for', { command: ['ctl', 'id'], regex: 'ready', timeout: 10 }, 'wait for `ctl id` output matching /ready/ (timeout 10 s)'],
  ['http', { url: 'https://h/x', method: 'POST', body: { a: 1 }, status_code: [200, 201], validate_certs: false },
    'POST https://h/x (with a JSON body, expecting 200 or 201, validate_certs: false)'],
  ['pause', { minutes: 2 }, 'pause 120 s'],
];

for (const [module, args, expected] of CASES) {
  test(`${module} ${JSON.stringify(args)} reads "${expected}" in a plan`, () => {
    assert.equal(MODULES[module].describe(args), expected);
  });
}
