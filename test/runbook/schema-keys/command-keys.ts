import assert from 'node:assert/strict';
import { endOf, read, run, type KeyTable } from './helpers.js';

/** `command:` and `shell:` in their string, list and object forms, with every key of the object form. */
export const COMMAND_KEYS: KeyTable = {
  'task.command': async () => {
    assert.equal(read(await run('  - command: touch "a file"\n'), 'a file'), '');
  },
  'module.command@array': async () => {
    assert.equal(read(await run('  - command: [touch, "a;b"]\n'), 'a;b'), '');
  },
  'module.command@string': async () => {
    // split like a shell, never run by one: the ";" reaches touch
    assert.equal(read(await run('  - command: touch "a;b"\n'), 'a;b'), '');
  },
  'module.command.argv': async () => {
    assert.equal(read(await run('  - command: { argv: [touch, "x y"] }\n'), 'x y'), '');
  },
  'module.command.cmd': async () => {
    assert.equal(read(await run('  - command: { cmd: touch "x y" }\n'), 'x y'), '');
  },
  'module.command.chdir': async () => {
    assert.equal(read(await run('  - command: [mkdir, sub]\n  - command: { argv: [touch, ran], chdir: sub }\n'), 'sub/ran'), '');
  },
  'module.command.stdin': async () => {
    assert.equal(read(await run('  - command: { argv: [tee, out], stdin: fed }\n'), 'out'), 'fed');
  },
  'module.command.creates': async () => {
    const r = await run('  - command: [touch, here]\n  - command: { argv: [touch, ran], creates: here }\n');
    assert.deepEqual([endOf(r, '2').status, read(r, 'ran')], ['ok', undefined]);
  },
  'module.command.removes': async () => {
    const r = await run('  - command: { argv: [touch, ran], removes: absent }\n');
    assert.deepEqual([endOf(r, '1').status, read(r, 'ran')], ['ok', undefined]);
  },
  'task.shell': async () => {
    assert.equal(read(await run('  - shell: "echo a > out; echo b >> out"\n'), 'out'), 'a\nb\n');
  },
  'module.shell@string': async () => {
    assert.equal(read(await run('  - shell: "echo $((1 + 2)) > out"\n'), 'out'), '3\n');
  },
  'module.shell.cmd': async () => {
    assert.equal(read(await run('  - shell: { cmd: "echo a > out; echo b >> out" }\n'), 'out'), 'a\nb\n');
  },
  'module.shell.chdir': async () => {
    assert.equal(read(await run('  - command: [mkdir, sub]\n  - shell: { cmd: "pwd > here", chdir: sub }\n'), 'sub/here')?.trim().endsWith('/sub'), true);
  },
  'module.shell.executable': async () => {
    // bash's $BASH_VERSION is empty under /bin/sh (dash)
    assert.match(read(await run('  - shell: { cmd: "echo v$BASH_VERSION > out", executable: /bin/bash }\n'), 'out') ?? '', /^v\d/);
  },
  'module.shell.stdin': async () => {
    assert.equal(read(await run('  - shell: { cmd: "cat > out", stdin: fed }\n'), 'out'), 'fed');
  },
  'module.shell.creates': async () => {
    const r = await run('  - command: [touch, here]\n  - shell: { cmd: "touch ran", creates: here }\n');
    assert.deepEqual([endOf(r, '2').status, read(r, 'ran')], ['ok', undefined]);
  },
  'module.shell.removes': async () => {
    const r = await run('  - shell: { cmd: "touch ran", removes: absent }\n');
    assert.deepEqual([endOf(r, '1').status, read(r, 'ran')], ['ok', undefined]);
  },
};
