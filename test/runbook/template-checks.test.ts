import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkRunbookFile, loadRunbook } from '../../engine/runbook/index.js';
import { checkTemplate } from '../../engine/template/index.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { EngineError } from '../../engine/core/index.js';

const dir = writeFiles(tempDir(), {
  'bad.yml': `runbook: t
hosts: all
vars:
  a: "{{ b | to_jsn }}"
summary:
  state: "{{ a | uper }}"
steps:
  - name: probe
    command: [ls]
    register: probe
    failed_when: probe.rc > 1 and probe is chnged
  - name: roll
    serial: 1
    when: [probe.rc == 0, probe is succeded]
    steps:
      - name: check
        assert:
          that: [probe is succeeded, probe is sucess]
          msg: "{{ probe.stdout | trimm }}"
        environment: { X: "{{ y | nope }}" }
    gate:
      wait_for: { command: [ls], until: rc is skiped }
    rescue:
      - { name: once, include: tasks/t.yml }
      - { name: twice, include: tasks/t.yml }
`,
  'tasks/t.yml': '- name: in the tasks file\n  command: [echo, "{{ x | frobnicate }}"]\n',
  'good.yml': 'runbook: g\nhosts: all\nsteps:\n  - command: [ls]\n    register: r\n  - command: [echo, "{{ r.stdout | upper }}"]\n    when: r is succeeded and r is not skipped\n',
});

const where = (file: string) => checkRunbookFile(join(dir, file), { checkTemplate })
  .map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.col} ${d.message.replace(/ in .*/, '')} (${d.hint ?? ''})`);

test('validate finds an unknown filter or test in every place a runbook is templated, each at its file:line:col', () => {
  assert.deepEqual(where('bad.yml'), [
    'bad.yml:4:6 unknown filter "to_jsn" (did you mean "to_json"?)',
    'bad.yml:6:10 unknown filter "uper" (did you mean "upper"?)',
    'bad.yml:11:18 unknown test "chnged" (did you mean "changed"?)',
    'bad.yml:14:27 unknown test "succeded" (did you mean "succeeded"?)',
    'bad.yml:18:38 unknown test "sucess" (did you mean "success"?)',
    'bad.yml:19:16 unknown filter "trimm" (did you mean "trim"?)',
    'bad.yml:20:27 unknown filter "nope" (see the filters listed in the README ("Variables"))',
    'bad.yml:22:41 unknown test "skiped" (did you mean "skipped"?)',
    'tasks/t.yml:2:19 unknown filter "frobnicate" (see the filters listed in the README ("Variables"))',
  ]);
});

test('a runbook whose templates and conditions are all known passes', () => {
  assert.deepEqual(where('good.yml'), []);
});

test('loading a runbook to run it refuses an unknown test before anything runs', () => {
  assert.throws(() => loadRunbook(join(dir, 'bad.yml'), { checkTemplate }),
    (error: unknown) => error instanceof EngineError && error.diagnostics.some((d) => /unknown test "succeded"/.test(d.message)));
  assert.ok(loadRunbook(join(dir, 'bad.yml')).steps.length > 0, 'without the check, templates are read only when used');
});

test('a templated serial passes the schema, and its template is checked like any other', () => {
  const file = join(writeFiles(tempDir(), {
    'roll.yml': 'runbook: r\nhosts: all\nsteps:\n  - name: roll\n    serial: [1, "{{ rest | intt }}"]\n    steps:\n      - command: [ls]\n',
  }), 'roll.yml');
  assert.deepEqual(checkRunbookFile(file, { checkTemplate }).map((d) => `${d.line}:${d.col} ${d.message.replace(/ in .*/, '')} (${d.hint})`),
    ['5:17 unknown filter "intt" (did you mean "int"?)']);
});

test('the file a template step renders is checked with the step: a syntax error or unknown filter in it stops the load, named by file', () => {
  const tdir = writeFiles(tempDir(), {
    'runbooks/up.yml': 'runbook: up\nhosts: all\nsteps:\n  - name: conf\n    template: { src: templates/service.json.j2, dest: service.json }\n'
      + '  - { name: more, include: tasks/more.yml }\n  - name: later\n    template: { src: "templates/{{ which }}.j2", dest: x }\n'
      + '  - name: made by an earlier step\n    template: { src: templates/not-yet.j2, dest: y }\n  - name: fine\n    template: { src: templates/ok.j2, dest: z }\n',
    // src is found from the runbook's folder, also for a step written in an included tasks file
    'runbooks/tasks/more.yml': '- name: peers\n  template: { src: templates/peers.j2, dest: peers }\n',
    'runbooks/templates/service.json.j2': '{\n  "secret": "{{ cluster_secret }}",\n  {% if %}\n}\n',
    'runbooks/templates/peers.j2': '{{ peers | jion(",") }}\n',
    'runbooks/templates/ok.j2': '{{ a | upper }} {% if b %}{{ b }}{% endif %}\n',
  });
  const found = checkRunbookFile(join(tdir, 'runbooks/up.yml'), { checkTemplate })
    .map((d) => `${d.file.slice(tdir.length + 1)}:${d.line}:${d.col} ${d.message} (${d.hint ?? ''})`);
  assert.equal(found.length, 2, found.join('\n'));
  assert.match(found[0]!, /^runbooks\/tasks\/more\.yml:2:20 unknown filter "jion" in "templates\/peers\.j2" \(did you mean "join"\?\)$/);
  assert.match(found[1]!, /^runbooks\/up\.yml:5:22 syntax error: unexpected token: %\} at line 3, column 9 in "templates\/service\.json\.j2" \(check the Jinja2 syntax/);
  assert.throws(() => loadRunbook(join(tdir, 'runbooks/up.yml'), { checkTemplate }), (error: unknown) => error instanceof EngineError
    && error.diagnostics.length === 2);
});

test('the values of a vars file are checked as the runbook\'s own vars are, each at its place in that file', () => {
  const vdir = writeFiles(tempDir(), {
    'r.yml': 'runbook: v\nhosts: all\nvars_files: [data/v.yml]\nvars: { fine: "{{ a | upper }}" }\nsteps:\n  - command: [echo, "{{ a }}"]\n',
    'data/v.yml': 'a: ok\nb: "{{ a | uppr }}"\nc:\n  - "{{ a is definedd }}"\nd: "{{ a | lower }}"\n',
  });
  const found = checkRunbookFile(join(vdir, 'r.yml'), { checkTemplate })
    .map((d) => `${d.file.slice(vdir.length + 1)}:${d.line}:${d.col} ${d.message.replace(/ in .*/, '')} (${d.hint ?? ''})`);
  assert.deepEqual(found, ['data/v.yml:2:4 unknown filter "uppr" (did you mean "upper"?)', 'data/v.yml:4:5 unknown test "definedd" (did you mean "defined"?)']);
});
