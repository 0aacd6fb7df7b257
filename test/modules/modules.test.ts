import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { MODULES } from '../../engine/modules/index.js';
import { EVALUATING_MODULES } from '../../engine/runbook/index.js';
import { runOnLocalHosts, stepEnds } from '../helpers/run.js';

const rb = (steps: string) => `runbook: t\nhosts: all\nsteps:\n${steps}`;

function resultOf(run: Awaited<ReturnType<typeof runOnLocalHosts>>, id: string): Record<string, unknown> {
  const end = run.events.find((e) => e.type === 'step-end' && e.id === id);
  assert.ok(end?.type === 'step-end', `step ${id}`);
  return { status: end.status, reason: end.reason, ...end.result };
}

test('command passes its arguments as argv: shell syntax in a value arrives literally', async () => {
  const nasty = `$(touch pwned); rm -rf x 'q' "d" \n* end`;
  const run = await runOnLocalHosts(rb('  - command: [printf, "%s", "{{ nasty }}"]\n    register: out\n  - command: ["{{ nasty }}"]\n    ignore_errors: true\n'),
    { hosts: 1, extraVars: { nasty } });
  assert.equal(resultOf(run, '1').stdout, nasty.replace(/\n$/, ''));
  assert.equal(resultOf(run, '2').rc, 127);
  assert.throws(() => statSync(join(run.home('h1'), 'pwned')));
});

test('a command string is split like a shell would, and quote keeps a value one word', async () => {
  const run = await runOnLocalHosts(rb('  - command: "printf [%s] {{ value | quote }} two"\n'), { hosts: 1, extraVars: { value: 'a b; c' } });
  assert.equal(resultOf(run, '1').stdout, '[a b; c][two]');
});

test('a # inside a command string is part of its word, as in Ansible\'s command module', async () => {
  const run = await runOnLocalHosts(rb('  - command: "printf <%s> /var/backups/#old keep"\n'), { hosts: 1 });
  assert.equal(resultOf(run, '1').stdout, '</var/backups/#old><keep>');
});

test('shell runs through /bin/sh, in chdir, with the step\'s environment', async () => {
  const run = await runOnLocalHosts(rb('  - shell: { cmd: "pwd; echo $GREETING", chdir: /tmp }\n    environment: { GREETING: "hi {{ inventory_hostname }}" }\n'), { hosts: 1 });
  assert.equal(resultOf(run, '1').stdout, '/tmp\nhi h1');
});

test('copy writes content with its mode and reports no change the second time', async () => {
  const steps = '  - copy: { content: "v={{ inventory_hostname }}\\n", dest: conf/app.conf, mode: "0600" }\n  - copy: { content: "v={{ inventory_hostname }}\\n", dest: conf/app.conf }\n';
  const run = await runOnLocalHosts(rb(steps), { hosts: 1 });
  assert.deepEqual(stepEnds(run.events), ['h1 1 changed', 'h1 2 ok']);
  const file = join(run.home('h1'), 'conf/app.conf');
  assert.equal(readFileSync(file, 'utf8'), 'v=h1\n');
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('template renders a controller file with the host\'s variables', async () => {
  const run = await runOnLocalHosts(rb('  - template: { src: peer.j2, dest: peer.txt }\n'), { hosts: 2, files: { 'peer.j2': 'peer {{ inventory_hostname }} of {{ play_hosts | length }}\n' } });
  assert.equal(readFileSync(join(run.home('h2'), 'peer.txt'), 'utf8'), 'peer h2 of 2\n');
});

// the bytes ansible-core 2.14's template module writes for the same files and variables
test('template writes what Ansible\'s template module writes: trim_blocks on, lstrip_blocks off, a list as Jinja2 prints it', async () => {
  const run = await runOnLocalHosts(rb('  - template: { src: blocks.j2, dest: blocks.txt }\n  - template: { src: list.j2, dest: list.txt }\n'), {
    hosts: 1, extraVars: { x: true, l: [1, 2] },
    files: { 'blocks.j2': 'a\n  {% if x %}\nb\n  {% endif %}\nc {{ l }}\n', 'list.j2': '{{ l }}' } });
  assert.equal(readFileSync(join(run.home('h1'), 'blocks.txt'), 'utf8'), 'a\n  b\n  c [1, 2]\n');
  assert.equal(readFileSync(join(run.home('h1'), 'list.txt'), 'utf8'), '[1, 2]');
});

// the bytes ansible-core 2.14's copy module writes for the same content
test('copy writes a content that is a list or mapping as JSON, and other values as Python prints them, as Ansible\'s copy does', async () => {
  const run = await runOnLocalHosts(rb('  - copy: { content: "{{ l }}", dest: l.txt }\n  - copy: { content: "{{ d }}", dest: d.txt }\n'
    + '  - copy: { content: "{{ b }}", dest: b.txt }\n  - copy: { content: "{{ d | to_json }}", dest: j.txt }\n'), {
    hosts: 1, extraVars: { l: [1, 2], d: { 'é': [true, null] }, b: true } });
  const written = (name: string) => readFileSync(join(run.home('h1'), name), 'utf8');
  assert.equal(written('l.txt'), '[1, 2]');
  assert.equal(written('d.txt'), '{"\\u00e9": [true, null]}');
  assert.equal(written('b.txt'), 'True');
  assert.equal(written('j.txt'), '{"\\u00e9": [true, null]}');
});

test('a template file that fails to render names the file, not its whole text', async () => {
  const run = await runOnLocalHosts(rb('  - template: { src: conf.j2, dest: conf.txt }\n'), {
    hosts: 1, files: { 'conf.j2': 'line one\nline two {{ nope }}\n' } });
  assert.equal(resultOf(run, '1').status, 'failed');
  assert.equal(resultOf(run, '1').reason, 'undefined variable "nope" in "conf.j2"');
});

test('fetch copies a host file under the run folder, per host', async () => {
  const run = await runOnLocalHosts(rb('  - shell: "echo backup-{{ inventory_hostname }} > pins.json"\n  - fetch: { src: pins.json }\n'), { hosts: 2 });
  assert.equal(readFileSync(join(run.dir, 'run/fetched/h2/pins.json'), 'utf8'), 'backup-h2\n');
});

test('wait_for waits for a command\'s result, a path and a regex, and times out with a message', async () => {
  const run = await runOnLocalHosts(rb(`  - shell: "(sleep 0.3; echo READY > log) >/dev/null 2>&1 &"
  - wait_for: { path: log, regex: "READY", timeout: 5, sleep: 0 }
  - wait_for: { command: "cat log", until: "'READY' in stdout", timeout: 5 }
  - wait_for: { path: never, timeout: 1, sleep: 0 }
`), { hosts: 1 });
  assert.deepEqual(stepEnds(run.events), ['h1 1 changed', 'h1 2 ok', 'h1 3 ok', 'h1 4 failed']);
  assert.match(String(resultOf(run, '4').reason), /timed out after 1 s waiting for never present/);
});

test('wait_for a port checks it from the host', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const run = await runOnLocalHosts(rb(`  - wait_for: { port: ${port}, timeout: 5 }\n  - wait_for: { port: ${port}, state: stopped, timeout: 1, sleep: 0 }\n`), { hosts: 1 });
    assert.deepEqual(stepEnds(run.events), ['h1 1 ok', 'h1 2 failed']);
  } finally {
    server.close();
  }
});

test('http checks the status and parses JSON', async () => {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/id' ? 200 : 404, { 'content-type': 'application/json' }).end('{"id":"Qm1"}');
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const run = await runOnLocalHosts(rb(`  - http: { url: "${base}/id" }\n    register: r\n  - assert: { that: "r.json.id == 'Qm1'" }\n  - http: { url: "${base}/nope" }\n`), { hosts: 1 });
    assert.deepEqual(stepEnds(run.events), ['h1 1 ok', 'h1 2 ok', 'h1 3 failed']);
    assert.match(String(resultOf(run, '3').reason), /status 404, expected 200/);
  } finally {
    server.close();
  }
});

test('assert reports the expression that failed, or fail_msg; fail fails with its message', async () => {
  const run = await runOnLocalHosts(rb('  - assert: { that: ["1 == 1", "2 > 3"] }\n    ignore_errors: true\n  - assert: { that: "false", fail_msg: "no on {{ inventory_hostname }}" }\n    ignore_errors: true\n  - fail: { msg: stop }\n'), { hosts: 1 });
  assert.match(String(resultOf(run, '1').reason), /assertion failed: 2 > 3/);
  assert.match(String(resultOf(run, '2').reason), /no on h1/);
  assert.match(String(resultOf(run, '3').reason), /stop/);
});

test('pause waits its seconds; confirm without a terminal or --yes fails with a clear message', async () => {
  const run = await runOnLocalHosts(rb('  - pause: { seconds: 0 }\n  - confirm: { prompt: "go?" }\n'), { hosts: 1 });
  assert.deepEqual(stepEnds(run.events), ['h1 1 ok', 'h1 2 failed']);
  assert.match(String(resultOf(run, '2').reason), /no terminal to ask/);
});

test('the modules the runbook checks treat as only evaluating are exactly those that act on the controller', () => {
  const controller = Object.values(MODULES).filter((m) => m.acts === 'controller').map((m) => m.name).sort();
  assert.deepEqual(controller, [...EVALUATING_MODULES].sort());
});
