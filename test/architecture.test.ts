import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from './helpers/paths.js';

// STYLE.md: each engine/ folder may import only from folders below it in this list.
const LAYERS = ['cli', 'reporters', 'executor', 'plan', 'modules', 'facts', 'template', 'runbook', 'inventory',
  'schema', 'source', 'connection', 'core'];
// Folders that sit at the same level and may not import each other. (schema/ maps errors back to
// YAML nodes, so it sits above source/.)
const PEERS = [['runbook', 'inventory']];

const SOURCE_ENGINE = join(PROJECT_ROOT, 'engine');

// static imports (`from '…'`) and lazy ones (`import('…')`)
const IMPORT = /(?:from |import\()'(\.[^']+)'/g;

/** Every relative import of the .ts files under `root`: the importing file and the imported path, relative to the project. */
function importsUnder(root: string): { file: string; target: string }[] {
  const files = readdirSync(join(PROJECT_ROOT, root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((file) => [...readFileSync(join(PROJECT_ROOT, root, file), 'utf8').matchAll(IMPORT)].map((m) => ({
    file: `${root}/${file}`, target: relative(PROJECT_ROOT, resolve(dirname(join(PROJECT_ROOT, root, file)), m[1]!)),
  })));
}

// The one import that leaves engine/: the composition root starts `runbook rehearse`, which lives above the engine.
const ENGINE_EXITS = [{ file: 'engine/cli/program.ts', target: /^rehearse\/command\.js$/ }];

function imports(): { from: string; to: string }[] {
  return importsUnder('engine').filter(({ file, target }) => !ENGINE_EXITS.some((e) => e.file === file && e.target.test(target)))
    .map(({ file, target }) => ({ from: file.split('/')[1]!, to: relative('engine', target).split('/')[0]! }));
}

function rank(folder: string): number {
  const peer = PEERS.find((p) => p.includes(folder));
  return LAYERS.indexOf(peer ? peer[0]! : folder);
}

test('every engine folder is a known layer', () => {
  const folders = readdirSync(SOURCE_ENGINE, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.deepEqual(folders.filter((f) => !LAYERS.includes(f)), []);
});

test('engine folders import only from folders below them, never up or sideways', () => {
  const wrong = imports().filter(({ from, to }) => from !== to && !(rank(to) > rank(from)));
  assert.deepEqual(wrong, []);
});

test('rehearse/ sits above the engine and the simulator: nothing below imports it, and the simulator imports neither', () => {
  const intoRehearse = [...importsUnder('engine'), ...importsUnder('sim')].filter(({ file, target }) => target.startsWith('rehearse/')
    && !ENGINE_EXITS.some((e) => e.file === file && e.target.test(target)));
  assert.deepEqual(intoRehearse, []);
  assert.deepEqual(importsUnder('sim').filter(({ target }) => target.startsWith('engine/')), []);
  assert.deepEqual(importsUnder('rehearse').filter(({ target }) => !/^(engine|sim|rehearse)\//.test(target)), []);
});

test('outside systems are reached through their one file', () => {
  const owners: Record<string, RegExp> = { 'node-ssh': /^connection\/ssh\.ts$/, 'node:child_process': /^connection\/local\.ts$/,
    listr2: /^reporters\//, chalk: /^(reporters|cli)\// };
  const files = readdirSync(SOURCE_ENGINE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(join(SOURCE_ENGINE, file), 'utf8');
    for (const [pkg, owner] of Object.entries(owners)) {
      if (text.includes(`from '${pkg}'`)) assert.match(file, owner, `${file} imports ${pkg}`);
    }
    if (/process\.(exit|argv|env)|isTTY|import \{[^}]*\b(env|argv|exit)\b[^}]*\} from 'node:process'/.test(text)) assert.match(file, /^cli\//, `${file} touches the process`);
  }
});
