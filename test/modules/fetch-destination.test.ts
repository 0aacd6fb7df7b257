import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fetchDestination } from '../../engine/modules/files.js';
import { runOnLocalHosts } from '../helpers/run.js';

const RUN = '/srv/rb/.runbook/runs/r1';

const INSIDE: readonly [string, Parameters<typeof fetchDestination>[2], string][] = [
  ['h1', { src: '/var/lib/pins.json' }, `${RUN}/fetched/h1/var/lib/pins.json`],
  ['h1', { src: '../../etc/passwd' }, `${RUN}/fetched/h1/etc/passwd`],
  ['h1', { src: 'a/../../../b' }, `${RUN}/fetched/h1/b`],
  ['h1', { src: 'pins.json', dest: 'backups' }, `${RUN}/backups/h1/pins.json`],
  ['h1', { src: 'dir/pins.json', flat: true }, `${RUN}/fetched/pins.json`],
  ['h1', { src: 'pins.json', dest: 'h1-pins.json', flat: true }, `${RUN}/h1-pins.json`],
  ['h1', { src: 'dir/pins.json', dest: 'all/', flat: true }, `${RUN}/all/pins.json`],
];

for (const [host, args, expected] of INSIDE) {
  test(`fetch ${JSON.stringify(args)} from ${host} lands at ${expected.slice(RUN.length + 1)}`, () => {
    assert.equal(fetchDestination(RUN, host, args), expected);
  });
}

const OUTSIDE: readonly [string, Parameters<typeof fetchDestination>[2], RegExp][] = [
  ['..', { src: 'x' }, /not inside the host's own folder/],
  ['../../../../tmp/ESCAPED', { src: 'x' }, /outside the run folder/],
  ['a/b', { src: 'x' }, /not inside the host's own folder/],
  ['.', { src: 'x' }, /not inside the host's own folder/],
  ['h1', { src: 'x', dest: '/tmp/elsewhere' }, /outside the run folder \/srv\/rb\/\.runbook\/runs\/r1/],
  ['h1', { src: 'x', dest: '../../x', flat: true }, /outside the run folder/],
];

for (const [host, args, message] of OUTSIDE) {
  test(`fetch ${JSON.stringify(args)} from host "${host}" is refused: it would leave the run or host folder`, () => {
    assert.throws(() => fetchDestination(RUN, host, args), message);
  });
}

test('a fetch whose dest leaves the run folder fails the step and writes nothing there', async () => {
  const run = await runOnLocalHosts('runbook: t\nhosts: all\nsteps:\n  - shell: "echo x > pins.json"\n  - fetch: { src: pins.json, dest: ../escaped }\n', { hosts: 1 });
  const end = run.events.find((e) => e.type === 'step-end' && e.id === '2');
  assert.equal(end?.type === 'step-end' && end.status, 'failed');
  assert.equal(existsSync(join(run.dir, 'escaped')), false);
  assert.equal(readFileSync(join(run.home('h1'), 'pins.json'), 'utf8'), 'x\n');
});
