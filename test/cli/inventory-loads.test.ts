import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/files.js';

// Preloaded into the CLI's process: logs every module it loads (ES modules through a resolve hook, CommonJS
// modules from require.cache at exit) to $LOADS_LOG. It observes only: every module loads as it would.
const OBSERVER = `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const found = await next(specifier, context);
  appendFileSync(process.env.LOADS_LOG, found.url + '\\\\n');
  return found;
}\`));
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(process.env.LOADS_LOG, Object.keys(require.cache).join('\\\\n') + '\\\\n'));
`;

/** Runs the CLI with these arguments (file names relative to a folder holding `files`); returns the modules its process loaded. */
function modulesLoadedBy(args: readonly string[], files: Record<string, string>): { status: number | null; modules: string } {
  const dir = writeFiles(tempDir(), { ...files, 'observer.mjs': OBSERVER, 'loads.log': '' });
  const result = runCli(args.map((a) => (a in files ? join(dir, a) : a)),
    { env: { NODE_OPTIONS: `--import ${join(dir, 'observer.mjs')}`, LOADS_LOG: join(dir, 'loads.log') } });
  return { status: result.status, modules: readFileSync(join(dir, 'loads.log'), 'utf8') };
}

/** Runs `runbook inventory -i inv.yml --list` on this inventory; returns the modules its process loaded. */
function modulesLoaded(inventory: string): { status: number | null; modules: string } {
  return modulesLoadedBy(['inventory', '-i', 'inv.yml', '--list'], { 'inv.yml': inventory });
}

const HEAVY = /node_modules\/(ajv\/dist\/(2020|core|compile)|ssh2|node-ssh|nunjucks|listr2|diff)\/|engine\/(executor|template|modules|plan|connection|reporters)\/index\.js/;

test('inventory --list loads neither ajv nor the SSH client, templates, executor or reporters', () => {
  const { status, modules } = modulesLoaded('all:\n  hosts:\n    web1: { ansible_host: 10.0.0.1 }\n');
  assert.equal(status, 0);
  assert.match(modules, /engine\/inventory\/load-inventory\.js/);
  assert.deepEqual(modules.split('\n').filter((m) => HEAVY.test(m)), []);
});

test('an inventory that fails the compiled schema check loads ajv, to say what is wrong', () => {
  const { status, modules } = modulesLoaded('all:\n  hostz:\n    web1:\n');
  assert.equal(status, 4);
  assert.match(modules, /node_modules\/ajv\/dist\/2020\.js/);
});

test('inventory --list on a valid inventory leaves the positional YAML parser (the yaml package) unloaded', () => {
  const { status, modules } = modulesLoaded('all:\n  hosts:\n    web1: { ansible_host: 10.0.0.1 }\n');
  assert.equal(status, 0);
  assert.match(modules, /node_modules\/js-yaml\//);
  assert.doesNotMatch(modules, /node_modules\/yaml\//);
});

test('an inventory whose error needs a line and column loads the yaml package to find them', () => {
  const { status, modules } = modulesLoaded('all:\n  hosts:\n    web1:\n    web1:\n');
  assert.equal(status, 4);
  assert.match(modules, /node_modules\/yaml\/dist\/index\.js/);
});

const PLAN_FILES = {
  'r.yml': 'runbook: r\nhosts: all\nsteps:\n  - name: say\n    command: [echo, "{{ inventory_hostname }}"]\n',
  'inv.yml': 'all:\n  vars: { ansible_connection: local }\n  hosts:\n    web1:\n',
};

test('plan over local connections loads neither ajv (the runbook schema is compiled at build time), the SSH client nor semver', () => {
  const { status, modules } = modulesLoadedBy(['plan', 'r.yml', '-i', 'inv.yml', '--facts', 'none'], PLAN_FILES);
  assert.equal(status, 0);
  assert.match(modules, /engine\/executor\/index\.js/);
  assert.match(modules, /node_modules\/nunjucks\//);
  assert.deepEqual(modules.split('\n').filter((m) => /node_modules\/(ajv\/dist\/(2020|core|compile)|ssh2|node-ssh|semver)\//.test(m)), []);
});

test('a runbook that fails the compiled schema check loads ajv, to say what is wrong', () => {
  const { status, modules } = modulesLoadedBy(['plan', 'r.yml', '-i', 'inv.yml', '--facts', 'none'],
    { ...PLAN_FILES, 'r.yml': 'runbook: r\nhosts: all\nsteps:\n  - name: say\n    comand: [echo]\n' });
  assert.equal(status, 4);
  assert.match(modules, /node_modules\/ajv\/dist\/2020\.js/);
});
