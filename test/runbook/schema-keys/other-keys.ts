import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { endOf, read, recordingPrompter, run, stepEnds, type KeyTable } from './helpers.js';

/** A TCP server listening on `host`, on a free port; closed when `use` ends. */
async function listening<T>(host: string, use: (port: number) => Promise<T>): Promise<T> {
  const server: Server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  try {
    return await use((server.address() as { port: number }).port);
  } finally {
    server.close();
  }
}

// a bounded wait by default: were a key ignored, the default (300 s) would hang the test instead of failing it
const wait = (args: string, before = '') => `${before}  - wait_for: { ${args}${args.includes('timeout:') ? '' : ', timeout: 3s'} }\n`;
const status = async (args: string, before = '') => endOf(await run(wait(args, before)), before ? '2' : '1').status;
const READY = '  - copy: { content: "state: ready\\n", dest: log }\n';

/** wait_for, assert, fail, meta, set_fact, pause and confirm. */
export const OTHER_KEYS: KeyTable = {
  'task.wait_for': async () => {
    assert.deepEqual([await status('path: log', READY), await status('path: log, timeout: 200ms')], ['ok', 'failed']);
  },
  'module.wait_for.path': async () => {
    assert.deepEqual([await status('path: log', READY), await status('path: other, timeout: 200ms', READY)], ['ok', 'failed']);
  },
  'module.wait_for.port': async () => {
    await listening('127.0.0.1', async (port) => assert.equal(await status(`port: ${port}, timeout: 3s`), 'ok'));
  },
  'module.wait_for.host': async () => {
    // the server listens on 127.0.0.2 only: the default 127.0.0.1 would never answer
    await listening('127.0.0.2', async (port) => assert.equal(await status(`port: ${port}, host: 127.0.0.2, timeout: 3s`), 'ok'));
  },
  'module.wait_for.state': async () => {
    assert.equal(await status('path: log, state: absent', ''), 'ok');
  },
  'module.wait_for.state=started': async () => {
    await listening('127.0.0.1', async (port) => assert.equal(await status(`port: ${port}, state: started, timeout: 3s`), 'ok'));
  },
  'module.wait_for.state=stopped': async () => {
    await listening('127.0.0.1', async (port) => assert.equal(await status(`port: ${port}, state: stopped, timeout: 200ms`), 'failed'));
  },
  'module.wait_for.state=present': async () => {
    assert.deepEqual([await status('path: log, state: present', READY), await status('path: log, state: present, timeout: 200ms')], ['ok', 'failed']);
  },
  'module.wait_for.state=absent': async () => {
    assert.deepEqual([await status('path: log, state: absent'), await status('path: log, state: absent, timeout: 200ms', READY)], ['ok', 'failed']);
  },
  'module.wait_for.command': async () => {
    assert.deepEqual([await status('command: [test, -e, log]', READY), await status('command: [test, -e, log], timeout: 200ms')], ['ok', 'failed']);
  },
  'module.wait_for.until': async () => {
    const [yes, no] = [await status('command: [echo, "3"], until: stdout == "3"'), await status('command: [echo, "3"], until: stdout == "4", timeout: 200ms')];
    assert.deepEqual([yes, no], ['ok', 'failed']);
  },
  'module.wait_for.regex': async () => {
    const inFile = [await status('path: log, regex: "state: re"', READY), await status('path: log, regex: "state: gone", timeout: 200ms', READY)];
    const inStdout = [await status('command: [echo, "state: ready"], regex: "re+ady"'), await status('command: [echo, "state: ready"], regex: gone, timeout: 200ms')];
    assert.deepEqual([inFile, inStdout], [['ok', 'failed'], ['ok', 'failed']]);
  },
  'module.wait_for.timeout': async () => {
    const started = Date.now();
    assert.equal(await status('path: never, timeout: 300ms'), 'failed');
    assert.ok(Date.now() - started < 5000);
  },
  'module.wait_for.delay': async () => {
    const end = endOf(await run(wait('path: log, delay: 400ms', READY)), '2');
    assert.ok(Number(end.result?.elapsed_ms) >= 390, `elapsed ${String(end.result?.elapsed_ms)}`);
  },
  'module.wait_for.sleep': async () => {
    // checks 100 ms apart for 1 s: about ten checks; the default (1 s apart) makes two
    const r = await run(wait('command: [sh, -c, "echo x >> checks; exit 1"], timeout: 1s, sleep: 100ms'));
    const checks = read(r, 'checks')?.length ?? 0;
    assert.ok(checks / 2 >= 4, `${checks / 2} checks`);
  },
  'module.wait_for.msg': async () => {
    assert.match(endOf(await run(wait('path: never, timeout: 100ms, msg: the peer never came up')), '1').reason ?? '', /the peer never came up/);
  },
  'task.assert': async () => {
    const r = await run('  - assert: { that: inventory_hostname == "h2" }\n');
    assert.deepEqual([endOf(r, '1').status, r.recap[0]?.outcome], ['failed', 'failed']);
  },
  'module.assert.that': async () => {
    const r = await run('  - assert: { that: [1 == 1, inventory_hostname == "h1"] }\n  - assert: { that: [1 == 1, 2 == 3] }\n');
    assert.deepEqual(stepEnds(r.events), ['h1 1 ok', 'h1 2 failed']);
  },
  'module.assert.msg': async () => {
    assert.match(endOf(await run('  - assert: { that: 1 == 2, msg: "off by {{ 1 }}" }\n'), '1').reason ?? '', /off by 1/);
  },
  'module.assert.fail_msg': async () => {
    assert.match(endOf(await run('  - assert: { that: 1 == 2, fail_msg: "off by {{ 1 }}" }\n'), '1').reason ?? '', /off by 1/);
  },
  'module.assert.success_msg': async () => {
    assert.equal(endOf(await run('  - assert: { that: 1 == 1, success_msg: "all {{ 2 }} good" }\n'), '1').result?.msg, 'all 2 good');
  },
  'task.fail': async () => {
    assert.equal((await run('  - fail: {}\n  - command: [touch, ran]\n')).recap[0]?.outcome, 'failed');
  },
  'module.fail.msg': async () => {
    assert.match((await run('  - fail: { msg: "no {{ inventory_hostname }}" }\n')).recap[0]?.reason ?? '', /no h1/);
  },
  'task.meta': async () => {
    const r = await run('  - meta: end_host\n  - command: [touch, ran]\n');
    assert.deepEqual([read(r, 'ran'), r.recap[0]?.outcome], [undefined, 'ok']);
  },
  'module.meta=end_host': async () => {
    const r = await run('  - meta: end_host\n    when: inventory_hostname == "h1"\n  - command: [touch, ran]\n', { hosts: 2 });
    assert.deepEqual([read(r, 'ran', 'h1'), read(r, 'ran', 'h2')], [undefined, '']);
  },
  'task.set_fact': async () => {
    assert.equal(read(await run('  - set_fact: { v: "{{ inventory_hostname }}-set" }\n  - shell: "echo {{ v }} > out"\n'), 'out'), 'h1-set\n');
  },
  'task.pause': async () => {
    const prompter = recordingPrompter('');
    assert.equal(endOf(await run('  - pause: {}\n', { prompter }), '1').status, 'ok');
    assert.equal(prompter.questions.length, 1);
  },
  'module.pause.prompt': async () => {
    const prompter = recordingPrompter('');
    await run('  - pause: { prompt: Check the dashboard }\n', { prompter });
    assert.match(prompter.questions[0] ?? '', /Check the dashboard/);
  },
  'module.pause.seconds': async () => {
    // a timed pause needs nobody at a terminal (a pause for Enter would fail here)
    const r = await run('  - pause: { seconds: 1 }\n');
    assert.deepEqual([endOf(r, '1').status, endOf(r, '1').durationMs >= 990], ['ok', true]);
  },
  'module.pause.minutes': async () => {
    const [now, planned] = [await run('  - pause: { minutes: 0 }\n'), await run('  - pause: { minutes: 2 }\n', { mode: 'check' })];
    assert.deepEqual([endOf(now, '1').status, endOf(planned, '1').description], ['ok', 'pause 120 s']);
  },
  'task.confirm': async () => {
    assert.deepEqual(await Promise.all(['yes', 'no'].map(async (answer) => endOf(await run('  - confirm: {}\n', { prompter: recordingPrompter(answer) }), '1').status)), ['ok', 'failed']);
  },
  'module.confirm.prompt': async () => {
    const prompter = recordingPrompter('yes');
    await run('  - confirm: { prompt: "Upgrade {{ inventory_hostname }}?" }\n', { prompter });
    assert.match(prompter.questions[0] ?? '', /Upgrade h1\?/);
  },
};
