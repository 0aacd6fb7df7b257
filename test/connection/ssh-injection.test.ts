import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../engine/core/index.js';
import { sshConnection } from '../../engine/connection/index.js';
import { sshOptions, startSshd } from '../helpers/sshd.js';

const sshd = await startSshd(1);
const host = sshd.hosts[0]!;
const ssh = sshConnection(host.name, sshOptions(host));
test.after(() => ssh.close());
const pwned = join(host.home, 'pwned');
// Values a fact or variable could hold; each would run `touch …/pwned` if it reached a shell unquoted.
const HOSTILE = [
  `$(touch ${pwned})`, `\`touch ${pwned}\``, `; touch ${pwned}`, `; rm -rf ${pwned}-dir`, `' ; touch ${pwned}; '`,
  `" ; touch ${pwned}; "`, `a\ntouch ${pwned}\n`, `&& touch ${pwned} #`, `| touch ${pwned}`, '*', '$HOME', '-n', '',
];

test('hostile argv values arrive as literal data and nothing runs', async () => {
  const result = await ssh.exec({ kind: 'argv', argv: ['printf', '%s\\0', ...HOSTILE] });
  assert.deepEqual(result.stdout.split('\0').slice(0, -1), HOSTILE);
  assert.equal(existsSync(pwned), false);
});

test('hostile env values and cwd arrive literally', async () => {
  const env = Object.fromEntries(HOSTILE.map((value, i) => [`V${i}`, value]));
  const script = HOSTILE.map((_, i) => `printf '%s\\0' "$V${i}"`).join('; ');
  const result = await ssh.exec({ kind: 'shell', script }, { env });
  assert.deepEqual(result.stdout.split('\0').slice(0, -1), HOSTILE);
  const odd = "dir $(touch pwned) ; 'x' `touch pwned`"; // relative: pwned would land in home
  await ssh.exec({ kind: 'argv', argv: ['mkdir', odd] });
  assert.equal((await ssh.exec({ kind: 'argv', argv: ['pwd'] }, { cwd: odd })).stdout, `/root/${odd}\n`);
  assert.equal(existsSync(pwned), false);
});

test('hostile values quoted into a shell script arrive literally', async () => {
  const script = `printf '%s\\0' ${HOSTILE.map(shellQuote).join(' ')}`;
  const result = await ssh.exec({ kind: 'shell', script });
  assert.deepEqual(result.stdout.split('\0').slice(0, -1), HOSTILE);
  assert.equal(existsSync(pwned), false);
});
