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

function imports(): { from: string; to: string }[] {
  const files = readdirSync(SOURCE_ENGINE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((file) => {
    const text = readFileSync(join(SOURCE_ENGINE, file), 'utf8');
    return [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => ({
      from: file.split('/')[0]!,
      to: relative(SOURCE_ENGINE, resolve(dirname(join(SOURCE_ENGINE, file)), m[1]!)).split('/')[0]!,
    }));
  });
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
