import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

// the vaulted values of test/fixtures/vault, made once with ansible-vault
const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'vault');
const PLAINTEXTS = ['S3cretDbPass0001', 'OpsToken0002', 'DeployToken0004'];

/** The `name: !vault |` block of extra-vars.yml, as written. */
function vaultBlock(name: string): string {
  return new RegExp(`^${name}: !vault \\|\\n(?: {10}.*\\n)+`, 'm').exec(readFileSync(join(FIXTURES, 'extra-vars.yml'), 'utf8'))![0];
}

const dir = tempDir();
mkdirSync(join(dir, 'db1'));
cpSync(join(FIXTURES, 'inventory', 'group_vars'), join(dir, 'inv', 'group_vars'), { recursive: true });
for (const file of ['password.txt', 'ops-password.txt', 'extra-vars.yml']) cpSync(join(FIXTURES, file), join(dir, file));
writeFiles(dir, {
  'inv/hosts.yml': `db:\n  hosts:\n    db1: { ansible_connection: local, runbook_home: ${join(dir, 'db1')} }\n`,
  'runbooks/vaulted.yml': `runbook: vaulted
hosts: db
vars:
  literal: !unsafe "{{ not_defined }}"
  dsn: "postgres://app:{{ db_password }}@db"
  deploy_token: ""
  banner: ""
steps:
  - name: Write the secrets
    shell: "printf '%s\\\\n' '{{ dsn }}' '{{ api_token }}' '{{ deploy_token }}' > secrets.out"
  - name: Keep unsafe values literal
    shell: "printf '%s\\\\n' '{{ literal }}' '{{ greeting }}' '{{ banner }}' > literal.out"
`,
  // a runbook's own vars may hold a !vault value: the one of extra-vars.yml, indented under vars:
  'runbooks/inline.yml': `runbook: inline\nhosts: db\nvars:\n${vaultBlock('deploy_token').replace(/^(?=.)/gm, '  ')}steps:
  - name: Write it
    shell: "printf '%s' '{{ deploy_token }}' > inline.out"
`,
  'runbooks/plain.yml': 'runbook: plain\nhosts: db\nsteps:\n  - name: Touch\n    command: [touch, "{{ app_user }}.out"]\n',
});
const run = (...args: string[]) => runCli(args, { cwd: dir, env: { NO_COLOR: '1' } });
const WITH_PASSWORDS = ['-i', 'inv/hosts.yml', '-e', '@extra-vars.yml', '--vault-password-file', 'password.txt', '--vault-id', 'ops@ops-password.txt'];

/** Every file a run left under .runbook/, as one text. */
function runFiles(): string {
  const root = join(dir, '.runbook');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .flatMap((name) => { try { return [readFileSync(join(root, name), 'utf8')]; } catch { return []; } }).join('\n');
}

test('a run with the vault passwords uses the plaintexts on the host, and no output or run file shows them', () => {
  const result = run('exec', 'vaulted', ...WITH_PASSWORDS, '--output', 'json');
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.equal(readFileSync(join(dir, 'db1', 'secrets.out'), 'utf8'), 'postgres://app:S3cretDbPass0001@db\nOpsToken0002\nDeployToken0004\n');
  for (const secret of PLAINTEXTS) {
    assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), `${secret} shown`);
    assert.ok(!runFiles().includes(secret), `${secret} in .runbook/`);
  }
  assert.match(result.stdout, /\*\*\*\*\*\*\*\*/);
});

test('!unsafe values stay literal text in a rendered command: inventory, runbook vars and -e files', () => {
  const result = run('exec', 'vaulted', ...WITH_PASSWORDS);
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.equal(readFileSync(join(dir, 'db1', 'literal.out'), 'utf8'),
    '{{ not_defined }}\nhello {{ not_a_template }}\n{{ lookup("pipe", "id") }}\n');
});

test('the plan and the saved plan mask decrypted values, and exec --plan decrypts them again', () => {
  const result = run('plan', 'vaulted', ...WITH_PASSWORDS, '-o', 'vaulted.plan.json');
  assert.equal(result.status, 0, result.stderr);
  const saved = readFileSync(join(dir, 'vaulted.plan.json'), 'utf8');
  for (const secret of PLAINTEXTS) assert.ok(!result.stdout.includes(secret) && !saved.includes(secret), `${secret} in the plan`);
  assert.match(result.stdout, /\{\{ not_defined \}\}/);
  const ran = run('exec', '--plan', 'vaulted.plan.json');
  assert.equal(ran.status, 0, ran.stderr + ran.stdout);
  assert.match(readFileSync(join(dir, 'db1', 'secrets.out'), 'utf8'), /S3cretDbPass0001/);
});

test('a !vault value in the runbook\'s own vars is decrypted with ANSIBLE_VAULT_PASSWORD_FILE', () => {
  const result = runCli(['exec', 'inline', '-i', 'inv/hosts.yml'], { cwd: dir, env: { ANSIBLE_VAULT_PASSWORD_FILE: 'password.txt' } });
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.equal(readFileSync(join(dir, 'db1', 'inline.out'), 'utf8'), 'DeployToken0004');
  assert.ok(!result.stdout.includes('DeployToken0004'));
});

test('without a password the inventory loads: a runbook that uses no vaulted value runs', () => {
  const result = run('exec', 'plain', '-i', 'inv/hosts.yml');
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.deepEqual(readdirSync(join(dir, 'db1')).filter((f) => f === 'app.out'), ['app.out']);
});

test('without a password a use of a vaulted value stops the run before it starts, naming it and the fix', () => {
  const result = run('exec', 'vaulted', '-i', 'inv/hosts.yml');
  assert.equal(result.status, 4, result.stdout);
  assert.match(result.stderr, /runbooks\/vaulted\.yml:10:12: error\[bad-value\]: variable "db_password" is vault-encrypted and no vault password was given \(written at [^)]*inv\/group_vars\/all\.yml:4:1\)/);
  assert.match(result.stderr, /hint: give the vault password: --vault-password-file FILE/);
});
