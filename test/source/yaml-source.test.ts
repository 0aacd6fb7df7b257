import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadYamlFile, locate, MAX_SOURCE_BYTES, parseYamlText } from '../../engine/source/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const dir = tempDir();

function diagnosticsOf(text: string) {
  return parseYamlText('f.yml', text).diagnostics.map(({ line, col, code, message }) => ({ line, col, code, message }));
}

test('a duplicate key is reported at its second occurrence, by name', () => {
  assert.deepEqual(diagnosticsOf('a: 1\nb: 2\na: 3\n'), [
    { line: 3, col: 1, code: 'duplicate-key', message: 'duplicate key "a"' }]);
});

test('a tab used as indentation is reported on its line with a hint to use spaces', () => {
  const [d] = parseYamlText('f.yml', 'steps:\n\t- name: x\n').diagnostics;
  assert.equal(d?.line, 2);
  assert.equal(d?.col, 1);
  assert.match(d?.hint ?? '', /spaces/);
});

test('an unclosed flow sequence points at the line where it goes wrong, not the file start', () => {
  const [d] = diagnosticsOf('a: 1\nb: [1, 2\nc: 3\n');
  assert.equal(d?.code, 'yaml-syntax');
  assert.ok(d && d.line >= 2, `line ${d?.line}`);
});

test('a binary file is refused with the position of its first NUL byte', () => {
  writeFiles(dir, { 'bin.yml': Buffer.concat([Buffer.from('a: 1\nb: x'), Buffer.from([0, 1, 2, 255])]) });
  const result = loadYamlFile(join(dir, 'bin.yml'));
  assert.ok('code' in result);
  assert.deepEqual([result.code, result.line, result.col], ['binary-file', 2, 5]);
});

test('a missing file is a diagnostic, not an exception', () => {
  const result = loadYamlFile(join(dir, 'nope.yml'));
  assert.ok('code' in result && result.code === 'file-not-found');
});

test('a file over the size limit is refused before it is parsed', () => {
  const big = join(dir, 'big.yml');
  writeFiles(dir, { 'big.yml': Buffer.alloc(50 * 1024 * 1024, 'a: 1\n') });
  const result = loadYamlFile(big);
  assert.ok('code' in result);
  assert.equal(result.code, 'file-too-large');
  assert.match(result.message, /50\.0 MB, over the 16\.0 MB limit/);
  assert.ok(MAX_SOURCE_BYTES < 50 * 1024 * 1024);
});

test('an error at the end of a large file still gets its exact line', () => {
  const steps = Array.from({ length: 50_000 }, (_, i) => `  - name: step ${i}\n    command: [echo, "${i}"]`);
  const source = parseYamlText('f.yml', `steps:\n${steps.join('\n')}\n  - name: last\n    name: again\n`);
  assert.deepEqual(source.diagnostics.map((d) => [d.code, d.line, d.col]), [['duplicate-key', 100_003, 5]]);
});

test('locate finds a key, a value, and falls back to the nearest existing parent', () => {
  const source = parseYamlText('f.yml', 'steps:\n  - name: x\n    whn: true\n');
  assert.deepEqual(locate(source, ['steps', 0, 'whn'], 'key'), { line: 3, col: 5 });
  assert.deepEqual(locate(source, ['steps', 0, 'whn']), { line: 3, col: 10 });
  assert.deepEqual(locate(source, ['steps', 0, 'missing']), { line: 2, col: 5 });
});
