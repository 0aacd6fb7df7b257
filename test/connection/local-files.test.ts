import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../engine/core/index.js';
import { ConnectionError, localConnection } from '../../engine/connection/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const home = writeFiles(tempDir(), { 'etc/peer.json': '{"id":"peer1"}\n' });
const host = localConnection('files-test', { home });

test('put writes a file relative to home, creating its folders', async () => {
  await host.put('deep/new/folder/config.json', Buffer.from('{"a":1}\n'));
  assert.equal(readFileSync(join(home, 'deep/new/folder/config.json'), 'utf8'), '{"a":1}\n');
});

test('put applies the mode, whatever the umask', async () => {
  await host.put('bin/run.sh', Buffer.from('#!/bin/sh\necho ran\n'), { mode: 0o750 });
  assert.equal(statSync(join(home, 'bin/run.sh')).mode & 0o777, 0o750);
  assert.equal((await host.exec({ kind: 'argv', argv: ['./bin/run.sh'] })).stdout, 'ran\n');
});

test('put replaces an existing file and writes absolute paths as given', async () => {
  const other = tempDir();
  await host.put(join(other, 'x.bin'), Buffer.from([1, 2, 3]));
  await host.put(join(other, 'x.bin'), Buffer.from([9]));
  assert.deepEqual([...readFileSync(join(other, 'x.bin'))], [9]);
});

test('get reads a file by a path relative to home or absolute', async () => {
  assert.equal((await host.get('etc/peer.json')).toString(), '{"id":"peer1"}\n');
  assert.equal((await host.get(join(home, 'etc/peer.json'))).toString(), '{"id":"peer1"}\n');
});

test('get of a missing file throws an EngineError naming the host and the path', async () => {
  await assert.rejects(host.get('etc/missing.json'), (error: unknown) =>
    error instanceof EngineError && error.kind === 'failed'
    && error.message.startsWith(`files-test: cannot read ${join(home, 'etc/missing.json')}: ENOENT`));
});

test('put and get on a host whose home is missing throw a ConnectionError', async () => {
  const gone = localConnection('gone', { home: join(home, 'no-home') });
  await assert.rejects(gone.put('a.txt', Buffer.from('a')), ConnectionError);
  await assert.rejects(gone.get('a.txt'), ConnectionError);
});
