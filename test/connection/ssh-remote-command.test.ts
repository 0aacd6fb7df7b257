import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Command, ExecOptions } from '../../engine/connection/index.js';
import { remoteCommand } from '../../engine/connection/remote-command.js';

test('every word of a remote command line is POSIX-quoted', () => {
  const cases: [Command, ExecOptions, string][] = [
    [{ kind: 'argv', argv: ['ls', '-la', '/tmp'] }, {}, 'exec ls -la /tmp'],
    [{ kind: 'argv', argv: ['echo', '$(id)', "it's", 'a b', ''] }, {}, `exec echo '$(id)' 'it'"'"'s' 'a b' ''`],
    [{ kind: 'shell', script: 'echo $HOME | wc -c' }, {}, `exec /bin/sh -c 'echo $HOME | wc -c'`],
    [{ kind: 'shell', script: 'echo hi', executable: '/bin/bash' }, {}, `exec /bin/bash -c 'echo hi'`],
    [{ kind: 'argv', argv: ['env'] }, { env: { A: '1; rm -rf /', B: 'x' } }, `exec env 'A=1; rm -rf /' B=x env`],
    [{ kind: 'argv', argv: ['pwd'] }, { cwd: 'my dir' }, `cd 'my dir' && exec pwd`],
    [{ kind: 'argv', argv: ['id'] }, { become: 'root', env: { X: 'y' } }, 'exec sudo -n -u root -- env X=y id'],
  ];
  for (const [command, options, expected] of cases) assert.equal(remoteCommand(command, options), expected);
});
