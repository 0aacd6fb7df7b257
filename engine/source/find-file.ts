import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError, packageRoot } from '../core/index.js';

/**
 * Resolves a file as users type it: as given, else inside `folder` (e.g. `runbooks/`) of the
 * current folder, else of runbook's own install (the shipped runbooks and inventories), with or
 * without a `.yml`/`.yaml` suffix. Throws a usage error naming every place tried.
 */
export function findFile(name: string, folder: string, what: string, cwd = process.cwd()): string {
  const bases = [...new Set([resolve(cwd, name), resolve(cwd, join(folder, name)), resolve(packageRoot(), folder, name)])];
  const tried = bases.flatMap((b) => (/\.ya?ml$/.test(b) ? [b] : [b, `${b}.yml`, `${b}.yaml`]));
  const found = tried.find((p) => existsSync(p));
  if (found) return found;
  throw new EngineError('usage', `${what} "${name}" not found; tried:\n${tried.map((t) => `  ${t}`).join('\n')}`);
}
