import assert from 'node:assert/strict';
import { join } from 'node:path';
import { endOf, eventsOf, read, recordingPrompter, run, stepEnds, type KeyTable } from './helpers.js';

const block = (keys: string, steps = '      - command: [touch, ran]\n') => `  - name: b\n${keys}    steps:\n${steps}`;
const TASKS = { 'inc.yml': '- name: touch\n  command: [touch, included]\n' };
const include = (keys: string) => `  - name: inc\n    include: inc.yml\n${keys}`;
/** Fails on h1 (or the hosts named), after a step whose undo touches `undone`. */
const undoThenFail = (on = '["h1"]') => `      - command: ["true"]\n        rollback: { command: [touch, undone] }\n      - fail: { msg: down }\n        when: inventory_hostname in ${on}\n`;

/** The keys of a block (a step with `steps:`) and of an include. */
export const BLOCK_KEYS_TABLE: KeyTable = {
  'block.name': async () => {
    assert.equal(eventsOf(await run(block('')), 'block-start')[0]?.name, 'b');
  },
  'block.when': async () => {
    const r = await run(block('    when: false\n'));
    assert.deepEqual([stepEnds(r.events), read(r, 'ran')], [['h1 1 skipped'], undefined]);
  },
  'block.tags': async () => {
    const r = await run(block('    tags: [slow]\n'), { options: { skipTags: ['slow'] } });
    assert.equal(read(r, 'ran'), undefined);
  },
  'block.vars': async () => {
    assert.equal(read(await run(block('    vars: { v: from-block }\n', '      - shell: "echo {{ v }} > out"\n')), 'out'), 'from-block\n');
  },
  'block.environment': async () => {
    const steps = '      - shell: "echo $MARK > out"\n        rollback: { shell: "echo $MARK > undone" }\n      - command: ["false"]\n';
    const r = await run(block('    environment: { MARK: from-block }\n', steps));
    assert.deepEqual([read(r, 'out'), read(r, 'undone')], ['from-block\n', 'from-block\n']);
  },
  'block.steps': async () => {
    assert.equal(read(await run(block('')), 'ran'), '');
  },
  'block.serial': async () => {
    const r = await run(block('    serial: ["34%", 2]\n'), { hosts: 3 });
    assert.deepEqual(eventsOf(r, 'batch-start').map((e) => e.hosts), [['h1'], ['h2', 'h3']]);
  },
  'block.parallel': async () => {
    // h1 does not wait for h2's slow first step: its second step ends first
    const r = await run(block('    parallel: true\n', '      - shell: "[ {{ inventory_hostname }} = h1 ] || sleep 1.5"\n      - command: ["true"]\n'), { hosts: 2 });
    assert.deepEqual(stepEnds(r.events).slice(0, 2), ['h1 1.1 changed', 'h1 1.2 changed']);
    // parallel: 1 is one host at a time: they never hold the shared lock together
    const lock = join(r.dir, 'lock');
    const one = await run(block('    parallel: 1\n', `      - shell: "mkdir ${lock} && sleep 0.3 && rmdir ${lock}"\n`), { hosts: 2 });
    assert.deepEqual(one.recap.map((h) => h.outcome), ['ok', 'ok']);
  },
  'block.max_fail_percentage': async () => {
    const r = await run(block('    serial: 1\n    max_fail_percentage: 50\n', '      - fail: { msg: down }\n        when: inventory_hostname == "h1"\n      - command: [touch, ran]\n'), { hosts: 3 });
    assert.deepEqual(['h1', 'h2', 'h3'].map((h) => read(r, 'ran', h)), [undefined, '', '']);
  },
  'block.any_errors_fatal': async () => {
    const r = await run(block('    any_errors_fatal: true\n', '      - fail: { msg: down }\n        when: inventory_hostname == "h1"\n      - command: [touch, ran]\n'), { hosts: 2 });
    assert.equal(read(r, 'ran', 'h2'), undefined);
  },
  'block.gate': async () => {
    const r = await run(block('    serial: 1\n    gate: { fail: { msg: unhealthy } }\n'), { hosts: 2 });
    assert.deepEqual([read(r, 'ran', 'h1'), read(r, 'ran', 'h2')], ['', undefined]);
  },
  'block.approve': async () => {
    const each = recordingPrompter('yes');
    await run(block('    serial: 1\n    approve: true\n'), { hosts: 2, prompter: each });
    const once = recordingPrompter('yes');
    await run(block('    serial: 1\n    approve: once\n'), { hosts: 2, prompter: once });
    assert.deepEqual([each.questions.length, once.questions.length], [2, 1]);
    const refused = await run(block('    serial: 1\n    approve: true\n'), { prompter: recordingPrompter('no') });
    assert.equal(read(refused, 'ran'), undefined);
  },
  'block.rollback_scope': async () => {
    const r = await run(block('    rollback_scope: all\n', undoThenFail()), { hosts: 2 });
    assert.deepEqual([read(r, 'undone', 'h1'), read(r, 'undone', 'h2')], ['', '']);
  },
  'block.rollback_scope=host': async () => {
    const r = await run(block('    rollback_scope: host\n', undoThenFail()), { hosts: 2 });
    assert.deepEqual([read(r, 'undone', 'h1'), read(r, 'undone', 'h2')], ['', undefined]);
  },
  'block.rollback_scope=batch': async () => {
    const r = await run(block('    serial: [1, 2]\n    rollback_scope: batch\n', undoThenFail('["h2"]')), { hosts: 3 });
    assert.deepEqual(['h1', 'h2', 'h3'].map((h) => read(r, 'undone', h)), [undefined, '', '']);
  },
  'block.rollback_scope=all': async () => {
    const r = await run(block('    serial: [1, 2]\n    rollback_scope: all\n', undoThenFail('["h2"]')), { hosts: 3 });
    assert.deepEqual(['h1', 'h2', 'h3'].map((h) => read(r, 'undone', h)), ['', '', '']);
  },
  'block.rescue': async () => {
    const r = await run(block('    rescue:\n      - command: [touch, rescued]\n', '      - command: ["false"]\n'));
    assert.deepEqual([read(r, 'rescued'), r.recap[0]?.outcome], ['', 'ok']);
  },
  'block.always': async () => {
    const r = await run(block('    always:\n      - command: [touch, always]\n', '      - command: ["false"]\n'));
    assert.deepEqual([read(r, 'always'), r.recap[0]?.outcome], ['', 'failed']);
  },
  'include.name': async () => {
    const r = await run(include(''), { files: TASKS });
    assert.equal(eventsOf(r, 'block-start')[0]?.name, 'inc');
  },
  'include.include': async () => {
    assert.equal(read(await run(include(''), { files: TASKS }), 'included'), '');
  },
  'include.when': async () => {
    const r = await run(include('    when: false\n'), { files: TASKS });
    assert.deepEqual([endOf(r, '1').status, read(r, 'included')], ['skipped', undefined]);
  },
  'include.tags': async () => {
    const r = await run(include('    tags: [migrate]\n'), { files: TASKS, options: { skipTags: ['migrate'] } });
    assert.equal(read(r, 'included'), undefined);
  },
  'include.any_errors_fatal': async () => {
    // a check in the included file that fails on h1 stops h2 too, before the step after the include
    const files = { 'inc.yml': '- fail: { msg: down }\n  when: inventory_hostname == "h1"\n' };
    const after = '  - command: [touch, ran]\n';
    const fatal = await run(include('    any_errors_fatal: true\n') + after, { files, hosts: 2 });
    const plain = await run(include('') + after, { files, hosts: 2 });
    assert.deepEqual([read(fatal, 'ran', 'h2'), read(plain, 'ran', 'h2')], [undefined, '']);
  },
  'include.vars': async () => {
    const r = await run(include('    vars: { v: from-include }\n'), { files: { 'inc.yml': '- shell: "echo {{ v }} > out"\n' } });
    assert.equal(read(r, 'out'), 'from-include\n');
  },
  'include.environment': async () => {
    const r = await run(include('    environment: { MARK: from-include }\n'), { files: { 'inc.yml': '- shell: "echo $MARK > out"\n' } });
    assert.equal(read(r, 'out'), 'from-include\n');
  },
};
