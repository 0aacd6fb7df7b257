import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

// Ansible's magic variables by their Ansible names. Each expected line is what ansible-core 2.14 prints for the same
// inventory: group_names holds every group a host is in, through parents, but `all`, sorted ('ungrouped' too).
test('group_names, inventory_hostname_short, ansible_play_hosts and ansible_play_batch read as in Ansible', () => {
  const dir = tempDir();
  for (const h of ['lone', 'peer1.example.com']) mkdirSync(join(dir, h));
  writeFiles(dir, {
    'inventory.yml': `all:\n  vars: { ansible_connection: local }\n  hosts:\n    lone: { runbook_home: ${join(dir, 'lone')} }\n`
      + `  children:\n    region:\n      children:\n        cluster:\n          hosts:\n            peer1.example.com: { runbook_home: ${join(dir, 'peer1.example.com')} }\n`
      + '    other:\n      hosts:\n        peer1.example.com:\n',
    'magic.yml': 'runbook: magic\nhosts: all\nsteps:\n  - name: one at a time\n    serial: 1\n    steps:\n'
      + '      - copy: { content: "{{ group_names }} {{ inventory_hostname_short }} {{ ansible_play_hosts }} {{ ansible_play_batch }}", dest: magic.txt }\n',
  });
  const result = runCli(['exec', 'magic.yml', '-i', 'inventory.yml', '--output', 'plain'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  const read = (host: string) => readFileSync(join(dir, host, 'magic.txt'), 'utf8');
  assert.equal(read('lone'), "['ungrouped'] lone ['lone', 'peer1.example.com'] ['lone']");
  assert.equal(read('peer1.example.com'), "['cluster', 'other', 'region'] peer1 ['lone', 'peer1.example.com'] ['peer1.example.com']");
});
