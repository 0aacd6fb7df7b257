import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkRunbookFile } from '../../engine/runbook/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';

const dir = tempDir();
const HEAD = 'runbook: t\nhosts: all\nsteps:\n';

interface Case {
  readonly title: string;
  readonly yaml: string;
  /** [line, col, code, a part of the message, a part of the hint] of each expected diagnostic, in order. */
  readonly expected: readonly (readonly [number, number, string, string, string?])[];
}

// Each case is a runbook with one or more mistakes, and where and how each must be reported.
const CASES: readonly Case[] = [
  { title: 'a misspelled keyword suggests the nearest valid one',
    yaml: `${HEAD}  - name: a\n    whn: true\n    command: [ls]\n`,
    expected: [[5, 5, 'unknown-keyword', 'unknown key "whn"', 'did you mean "when"?']] },
  { title: 'a misspelled module is an unknown module, not a step that does nothing',
    yaml: `${HEAD}  - name: a\n    comand: [ls]\n`,
    expected: [[5, 5, 'unknown-module', 'unknown module "comand"', 'did you mean "command"?']] },
  { title: 'a wrong type names what is accepted and points at the value',
    yaml: `${HEAD}  - name: a\n    when: 5\n    command: ls\n`,
    expected: [[5, 11, 'wrong-type', 'steps[0].when must be a list or a string or true or false, not number 5']] },
  { title: 'a bad serial shows the key\'s documentation as the hint',
    yaml: `${HEAD}  - name: a\n    serial: abc\n    steps:\n      - command: ls\n`,
    expected: [[5, 13, 'bad-value', 'steps[0].serial: string "abc" is not in the expected form', 'percentage']] },
  { title: 'an enum value close to a valid one suggests it',
    yaml: `${HEAD}  - name: a\n    rollback_scope: batc\n    steps:\n      - command: ls\n`,
    expected: [[5, 21, 'bad-value', 'must be one of "host", "batch", "all"', 'did you mean "batch"?']] },
  { title: 'a block key on a task says to wrap the task in a block',
    yaml: `${HEAD}  - name: a\n    command: ls\n    serial: 2\n`,
    expected: [[6, 5, 'step-kind', '"serial" applies to blocks, not to tasks', 'wrap the task']] },
  { title: 'a block in the runbook-level rollback is refused, not dropped at run time',
    yaml: `${HEAD}  - command: ls\nrollback:\n  - name: undo\n    steps:\n      - command: ls\n`,
    expected: [[6, 5, 'step-kind', "the runbook's rollback runs tasks only, and this is a block", 'list its tasks']] },
  { title: 'a step with two modules is refused',
    yaml: `${HEAD}  - name: a\n    command: ls\n    shell: ls\n`,
    expected: [[4, 5, 'step-kind', 'has "command" and "shell"']] },
  { title: 'a block without a name is refused at the block',
    yaml: `${HEAD}  - steps:\n      - command: ls\n`,
    expected: [[4, 5, 'missing-key', 'steps[0] is missing the required key "name"']] },
  { title: 'a missing top-level key is reported',
    yaml: 'runbook: t\nsteps:\n  - command: ls\n',
    expected: [[1, 1, 'missing-key', 'the document is missing the required key "hosts"']] },
  { title: 'a mistake inside module arguments points inside the flow mapping',
    yaml: `${HEAD}  - name: a\n    wait_for: { command: x, untill: "rc == 0", timeout: 60 seconds }\n`,
    expected: [[5, 29, 'unknown-keyword', 'unknown key "untill"', 'did you mean "until"?'],
      [5, 57, 'bad-value', 'is not in the expected form', 'duration']] },
  { title: 'a duplicate key is reported once, where it is repeated',
    yaml: `${HEAD}  - name: a\n    command: ls\n    name: b\n`,
    expected: [[6, 5, 'duplicate-key', 'duplicate key "name"']] },
  { title: 'several mistakes in one file are all reported, in file order',
    yaml: `${HEAD}  - name: a\n    comand: ls\n  - name: b\n    command: ls\n    regsiter: out\n`,
    expected: [[5, 5, 'unknown-module', 'unknown module "comand"'], [8, 5, 'unknown-keyword', 'unknown key "regsiter"', 'did you mean "register"?']] },
  { title: 'a missing include is reported at the include, with the path tried',
    yaml: `${HEAD}  - name: a\n    include: tasks/nope.yml\n`,
    expected: [[5, 14, 'include-not-found', 'tasks/nope.yml']] },
  { title: 'an empty file is reported as empty',
    yaml: '# nothing here\n',
    expected: [[1, 1, 'empty-file', 'file is empty']] },
];

for (const [i, c] of CASES.entries()) {
  test(c.title, () => {
    const file = join(dir, `case-${i}.yml`);
    writeFiles(dir, { [`case-${i}.yml`]: c.yaml });
    const found = checkRunbookFile(file);
    assert.equal(found.length, c.expected.length, JSON.stringify(found, null, 1));
    for (const [d, [line, col, code, message, hint]] of found.map((d, j) => [d, c.expected[j]!] as const)) {
      assert.deepEqual([d.file, d.line, d.col, d.code], [file, line, col, code]);
      assert.ok(d.message.includes(message), `message: ${d.message}`);
      if (hint) assert.ok(d.hint?.includes(hint), `hint: ${d.hint}`);
    }
  });
}
