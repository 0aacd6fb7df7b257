import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endOf, read, run, stat, type KeyTable } from './helpers.js';

const FILES = { 'files/motd.txt': 'from src\n', 'templates/motd.j2': 'host {{ inventory_hostname }}\n' };
/** `copy:` or `template:` with these keys, writing `dest` (relative to the home). */
const write = (module: 'copy' | 'template', keys: string, dest = 'out') =>
  `  - ${module}: { ${module === 'copy' ? 'content: "new\\n"' : 'src: templates/motd.j2'}, dest: ${dest}${keys} }\n`;

/** Keys shared by copy and template (mode, owner, group, backup, dest), checked on both. */
function sharedKeys(module: 'copy' | 'template'): KeyTable {
  return {
    [`module.${module}.dest`]: async () => {
      assert.ok(read(await run(write(module, '', 'deep/er/out'), { files: FILES }), 'deep/er/out'));
    },
    [`module.${module}.mode`]: async () => {
      // the mode is set on a new file, on a file that already holds the content, and symbolically
      const steps = write(module, ', mode: "0640"') + write(module, '', 'same') + write(module, ', mode: "0600"', 'same') + write(module, ', mode: "u=rw,g=,o="', 'sym');
      const r = await run(steps, { files: FILES });
      assert.deepEqual(['out', 'same', 'sym'].map((f) => stat(r, f).mode & 0o777), [0o640, 0o600, 0o600]);
      assert.equal(endOf(r, '3').status, 'changed', 'a mode change alone is a change');
    },
    [`module.${module}.owner`]: async () => {
      const r = await run(write(module, ', owner: daemon') + write(module, ', owner: "1"'), { files: FILES });
      assert.equal(stat(r, 'out').uid, 1, 'daemon is uid 1');
      assert.equal(endOf(r, '2').status, 'ok', 'the owner already holds: no change');
    },
    [`module.${module}.group`]: async () => {
      const r = await run(write(module, ', group: adm'), { files: FILES });
      assert.equal(stat(r, 'out').gid, 4, 'adm is gid 4');
    },
    [`module.${module}.backup`]: async () => {
      const r = await run(`  - copy: { content: "old\\n", dest: out }\n${write(module, ', backup: true')}`, { files: FILES });
      assert.equal(read(r, 'out.bak'), 'old\n');
    },
    [`module.${module}.backup@template`]: async () => {
      const r = await run(`  - copy: { content: "old\\n", dest: out }\n${write(module, ', backup: "{{ keep }}"')}`, { files: FILES, top: 'vars: { keep: true }\n' });
      assert.equal(read(r, 'out.bak'), 'old\n');
    },
  };
}

/** copy, template and fetch. */
export const FILE_KEYS: KeyTable = {
  ...sharedKeys('copy'),
  ...sharedKeys('template'),
  'task.copy': async () => {
    assert.equal(read(await run(write('copy', '')), 'out'), 'new\n');
  },
  'module.copy.content': async () => {
    assert.equal(read(await run('  - copy: { content: "{{ inventory_hostname }} says hi", dest: out }\n'), 'out'), 'h1 says hi');
  },
  'module.copy.src': async () => {
    assert.equal(read(await run('  - copy: { src: files/motd.txt, dest: out }\n', { files: FILES }), 'out'), 'from src\n');
  },
  'task.template': async () => {
    assert.equal(read(await run(write('template', ''), { files: FILES }), 'out'), 'host h1\n');
  },
  'module.template.src': async () => {
    const files = { ...FILES, 'templates/other.j2': 'other {{ 1 + 1 }}\n' };
    assert.equal(read(await run('  - template: { src: templates/other.j2, dest: out }\n', { files }), 'out'), 'other 2\n');
  },
  'task.fetch': async () => {
    const r = await run('  - copy: { content: "data", dest: f.txt }\n  - fetch: { src: f.txt }\n');
    assert.equal(readFileSync(join(r.dir, 'run/fetched/h1/f.txt'), 'utf8'), 'data');
  },
  'module.fetch.src': async () => {
    const r = await run('  - copy: { content: "data", dest: sub/f.txt }\n  - fetch: { src: sub/f.txt }\n');
    assert.equal(readFileSync(join(r.dir, 'run/fetched/h1/sub/f.txt'), 'utf8'), 'data');
  },
  'module.fetch.dest': async () => {
    const r = await run('  - copy: { content: "data", dest: f.txt }\n  - fetch: { src: f.txt, dest: got/ }\n');
    assert.equal(readFileSync(join(r.dir, 'run/got/h1/f.txt'), 'utf8'), 'data');
  },
  'module.fetch.flat': async () => {
    const r = await run('  - copy: { content: "data", dest: f.txt }\n  - fetch: { src: f.txt, dest: got.txt, flat: true }\n');
    assert.equal(readFileSync(join(r.dir, 'run/got.txt'), 'utf8'), 'data');
  },
  'module.fetch.flat@template': async () => {
    const r = await run('  - copy: { content: "data", dest: f.txt }\n  - fetch: { src: f.txt, dest: got.txt, flat: "{{ true }}" }\n');
    assert.equal(readFileSync(join(r.dir, 'run/got.txt'), 'utf8'), 'data');
  },
};
