import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EngineError } from '../core/index.js';
import type { FactValues, VolatileFacts } from '../facts/index.js';
import { validateJson } from '../schema/index.js';
import type { PlanDocument } from './plan-document.js';

/** The options a plan was made with: `exec --plan` runs with these and takes no others that change the run. */
export interface SavedPlanOptions {
  readonly inventory: readonly string[];
  readonly extraVars: readonly string[];
  readonly limit?: string;
  readonly allowEmpty?: boolean;
  readonly maxHosts?: string;
  readonly forks?: string;
  readonly tags?: string;
  readonly skipTags?: string;
  readonly startAtStep?: string;
  readonly rollback: boolean;
  readonly diff?: boolean;
  readonly facts?: 'all' | 'none';
  readonly knownHosts?: string;
  readonly acceptNewHostKeys?: boolean;
  /** Files the vault passwords are read from (never the passwords). */
  readonly vaultPasswordFile?: readonly string[];
  readonly vaultId?: readonly string[];
}

const OPTION_KEYS: readonly (keyof SavedPlanOptions)[] = ['inventory', 'extraVars', 'limit', 'allowEmpty', 'maxHosts', 'forks', 'tags', 'skipTags',
  'startAtStep', 'rollback', 'diff', 'facts', 'knownHosts', 'acceptNewHostKeys', 'vaultPasswordFile', 'vaultId'];

/** Digests of what a plan was made from: each file read on the controller (path → sha256), the loaded inventory. */
export interface InputDigests {
  readonly files: Readonly<Record<string, string>>;
  readonly inventory: string;
}

/** A plan saved by `plan -o` (schemas/saved-plan.schema.json): what it shows, what it was made from, how to make it again. */
export interface SavedPlan {
  readonly format: 'runbook-saved-plan';
  readonly version: 1;
  /** The runbook as named on the command line. */
  readonly runbook: string;
  readonly options: SavedPlanOptions;
  readonly digests: InputDigests;
  readonly volatile: VolatileFacts;
  /** The other facts the plan was made from (scalars and lists), to say why a plan no longer holds. */
  readonly facts: FactValues;
  readonly plan: PlanDocument;
  /** `sha256:` of the file's bytes with this value empty. */
  readonly digest: string;
}

const UNSEALED = 'sha256:';
// the top-level key, last in the file: nested keys are indented deeper, and quotes inside strings are escaped
const DIGEST_KEY = '\n  "digest": "';

/** Only the options that make the plan, with the ones not given left out (so the file has no `undefined`s). */
export function savedPlanOptions(options: SavedPlanOptions): SavedPlanOptions {
  const source = options as unknown as Record<string, unknown>;
  return Object.fromEntries(OPTION_KEYS.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as unknown as SavedPlanOptions;
}

/** sha256 of each file (`missing` for one that cannot be read), by path as given. */
export function digestFiles(files: readonly string[]): Record<string, string> {
  return Object.fromEntries(files.map((file) => {
    try {
      return [file, createHash('sha256').update(readFileSync(file)).digest('hex')];
    } catch {
      return [file, 'missing'];
    }
  }));
}

function bytesDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The file `plan -o` writes: the saved plan as JSON, sealed with a digest of its own bytes. */
export function serializeSavedPlan(content: Omit<SavedPlan, 'format' | 'version' | 'digest'>): string {
  const unsealed = `${JSON.stringify({ format: 'runbook-saved-plan', version: 1, ...content, digest: UNSEALED }, null, 2)}\n`;
  const at = unsealed.lastIndexOf(DIGEST_KEY) + DIGEST_KEY.length;
  return `${unsealed.slice(0, at)}${UNSEALED}${bytesDigest(unsealed)}${unsealed.slice(at + UNSEALED.length)}`;
}

/** Whether the text is byte for byte what serializeSavedPlan wrote. */
function isSealed(text: string): boolean {
  const at = text.lastIndexOf(DIGEST_KEY) + DIGEST_KEY.length;
  const sealed = /^sha256:([0-9a-f]{64})"\n}\n$/.exec(text.slice(at));
  if (at < DIGEST_KEY.length || !sealed) return false;
  return bytesDigest(`${text.slice(0, at)}${UNSEALED}"\n}\n`) === sealed[1];
}

/**
 * Reads a saved plan back: it must be JSON, carry the digest of its own bytes (so a file edited by hand,
 * options included, is refused) and follow schemas/saved-plan.schema.json. Throws an invalid-input
 * EngineError (exit 4) that says which.
 */
export function parseSavedPlan(text: string, file: string): SavedPlan {
  const refuse = (what: string) => new EngineError('invalid-input', `the plan ${file} ${what}`, {
    hint: 'make the plan again with `runbook plan … -o FILE` and review it; a saved plan is run only as it was written' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refuse(`is not JSON: ${(error as Error).message}`);
  }
  if ((value as { format?: unknown } | null)?.format !== 'runbook-saved-plan') throw refuse('is not a saved plan: it has no "format": "runbook-saved-plan"');
  if (!isSealed(text)) throw refuse('was changed after `runbook plan` wrote it: its sha256 digest does not match its content');
  const problems = validateJson('saved-plan', value);
  if (problems.length) throw refuse(`is not a saved plan (schemas/saved-plan.schema.json): ${problems.slice(0, 5).join('; ')}`);
  return value as SavedPlan;
}
