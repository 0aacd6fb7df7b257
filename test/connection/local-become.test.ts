import assert from 'node:assert/strict';
import { chmodSync, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { localConnection } from '../../engine/connection/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

test('become runs the command through "sudo -n -u USER --" with the argv untouched', async () => {
  const home = writeFiles(tempDir(), { 'bin/sudo': '#!/bin/sh\nprintf "<%s>" "$@"\n' });
  chmodSync(join(home, 'bin/sudo'), 0o755);
  const host = localConnection('fake-sudo', { home, env: { PATH: `${join(home, 'bin')}:/usr/bin:/bin` } });
  const result = await host.exec({ kind: 'shell', script: 'id -u; echo "$HOME"' }, { become: 'ipfs' });
  assert.equal(result.stdout, '<-n><-u><ipfs><--></bin/sh><-c><id -u; echo "$HOME">');
});

test('become on a host without sudo exits 127 saying that sudo is missing', async () => {
  const home = tempDir();
  const host = localConnection('no-sudo', { home, env: { PATH: join(home, 'empty-bin') } });
  const result = await host.exec({ kind: 'argv', argv: ['/usr/bin/id', '-u'] }, { become: 'root' });
  assert.equal(result.exitCode, 127);
  assert.equal(result.stderr, 'sudo: command not found (become needs sudo on no-sudo)\n');
});

test('become "root" on this machine runs as root where sudo is installed, else exits 127', async () => {
  const hasSudo = (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, 'sudo')));
  const host = localConnection('this-machine', { home: tempDir() });
  const result = await host.exec({ kind: 'argv', argv: ['id', '-un'] }, { become: 'root', timeoutMs: 20_000 });
  if (hasSudo) assert.deepEqual([result.exitCode, result.stdout], [0, 'root\n'], result.stderr);
  else assert.deepEqual([result.exitCode, result.stderr], [127, 'sudo: command not found (become needs sudo on this-machine)\n']);
});
