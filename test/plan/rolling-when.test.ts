import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planFromEvents } from '../../engine/plan/index.js';
import { planMarkdown, planText } from '../../engine/reporters/index.js';
import { runOnLocalHosts } from '../helpers/run.js';

// An include and a block with a `when`, inside a rolling block of two batches: h3 (batch 2) is the one left out
const RUNBOOK = `runbook: t
hosts: all
steps:
  - name: roll
    serial: 2
    steps:
      - name: configure
        include: tasks/configure.yml
        when: inventory_hostname != 'h3'
      - name: restart
        when: inventory_hostname != 'h2'
        steps:
          - name: restart it
            command: [touch, restarted]
`;
const FILES = { 'tasks/configure.yml': '- name: write it\n  command: [touch, configured]\n' };

/** The plan of a dry run on h1…h4 over the real local connection. */
async function plan() {
  const run = await runOnLocalHosts(RUNBOOK, { hosts: 4, mode: 'check', files: FILES });
  return planFromEvents(run.events, { runbook: { name: 't', file: 'runbook.yml' }, inventory: ['inventory.yml'], hosts: ['h1', 'h2', 'h3', 'h4'], vars: {} });
}

test('inside a rolling block, the when line of an include or a block names the hosts of every batch it held for', async () => {
  const text = planText(await plan());
  assert.match(text, /^ {2}1\.1\. configure \[include\]\n {5}when: inventory_hostname != 'h3' — true on h1, h2, h4; false on h3$/m);
  assert.match(text, /^ {2}1\.2\. restart \[lockstep[^]*?\]\n {5}when: inventory_hostname != 'h2' — true on h1, h3, h4; false on h2$/m);
  assert.match(text, /will run +h1, h2, h4: touch configured/);
  assert.match(text, /will run +h1, h3, h4: touch restarted/);
});

test('the markdown plan lists them too, and each block once', async () => {
  const document = await plan();
  const markdown = planMarkdown(document);
  assert.match(markdown, /^#### 1\.1\. configure\n\n_include_ · _on h1, h2, h4_\n\n- when `inventory_hostname != 'h3'`: true on h1, h2, h4; false on h3$/m);
  assert.match(markdown, /^- when `inventory_hostname != 'h2'`: true on h1, h3, h4; false on h2$/m);
  assert.deepEqual(document.blocks.map((b) => `${b.id} ${b.hosts.join(',')}`), ['1 h1,h2,h3,h4', '1.1 h1,h2,h4', '1.2 h1,h3,h4']);
  assert.deepEqual(document.blocks[0]?.batches, [['h1', 'h2'], ['h3', 'h4']]);
});
