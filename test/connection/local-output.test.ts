import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localConnection } from '../../engine/connection/index.js';
import { tempDir } from '../helpers/files.js';

const home = tempDir();
const node = process.execPath;

test('output longer than the cap keeps its first and last halves around a marker line, and is truncated', async () => {
  const host = localConnection('cap-test', { home, outputCapBytes: 10 });
  const result = await host.exec({ kind: 'argv', argv: ['printf', 'abcdefghijklmnopqrstuvwxyz'] });
  assert.equal(result.stdout, 'abcde\n[… 16 bytes cut …]\nvwxyz');
  assert.equal(result.truncated, true);
});

test('output exactly as long as the cap is kept whole and not truncated', async () => {
  const host = localConnection('cap-test', { home, outputCapBytes: 10 });
  const result = await host.exec({ kind: 'argv', argv: ['printf', '0123456789'] });
  assert.deepEqual([result.stdout, result.truncated], ['0123456789', false]);
});

test('stderr is capped on its own, apart from stdout', async () => {
  const host = localConnection('cap-test', { home, outputCapBytes: 4 });
  const result = await host.exec({ kind: 'shell', script: 'printf ok; printf 1234567890 >&2' });
  assert.deepEqual([result.stdout, result.stderr, result.truncated], ['ok', '12\n[… 6 bytes cut …]\n90', true]);
});

test('a command printing 100 MB is streamed through the default 1 MiB cap and finishes', async () => {
  const host = localConnection('big-output', { home });
  const result = await host.exec({ kind: 'shell', script: "head -c 100000000 /dev/zero | tr '\\0' x" }, { timeoutMs: 60_000 });
  const half = 'x'.repeat(512 * 1024);
  assert.equal(result.exitCode, 0);
  assert.equal(result.truncated, true);
  assert.equal(result.stdout, `${half}\n[… ${100_000_000 - 1024 * 1024} bytes cut …]\n${half}`);
});

test('output is decoded as UTF-8 and invalid bytes become replacement characters', async () => {
  const host = localConnection('utf8-test', { home });
  const script = 'process.stdout.write(Buffer.concat([Buffer.from("héllo ✓ "), Buffer.from([0xff, 0xfe]), Buffer.from(" end")]))';
  const result = await host.exec({ kind: 'argv', argv: [node, '-e', script] });
  assert.equal(result.stdout, 'héllo ✓ \uFFFD\uFFFD end');
});
