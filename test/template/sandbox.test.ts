import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../engine/core/index.js';
import { evaluate, renderValue } from '../../engine/template/index.js';
import { AT, scopeOf } from './helpers.js';
import { ExpressionGenerator, PAYLOADS, payloadCode, seededRandom } from './sandbox-grammar.js';

// Property: no template, whatever names it uses, reaches JavaScript. Bounded: a fixed seed and
// case count (RUNBOOK_SANDBOX_SEED replays another seed).
const SEED = Number(process.env['RUNBOOK_SANDBOX_SEED'] ?? 20261130);
const CASES = 3000;
const CANARY = '__runbookSandboxCanary';
const CANARY_FILE = join(tmpdir(), `runbook-sandbox-canary-${process.pid}`);
const CODE = payloadCode(CANARY, CANARY_FILE);
const PROTOTYPES = [Object.prototype, Function.prototype, Array.prototype, String.prototype, Number.prototype, globalThis];

/** A template or bare expression, with the scope an inventory would give: a payload in a templated var. */
const scope = scopeOf({ label: PAYLOADS[0]!.replaceAll('CODE', JSON.stringify(CODE)) },
  { s: 'abc', n: 1, l: [1, 'a', { a: 1 }], d: { a: { b: 1 } } });

function functionInside(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  seen.add(value);
  return Reflect.ownKeys(value).some((k) => functionInside(Object.getOwnPropertyDescriptor(value, k)?.value, seen));
}

/** What went wrong with one template, or undefined when it stayed inside the sandbox. */
function breach(source: string, isBare: boolean, before: readonly string[][]): string | undefined {
  let result: unknown;
  try {
    result = isBare ? evaluate(source, scope, AT) : renderValue(source, scope, AT);
  } catch (error) {
    if (!(error instanceof EngineError)) return `threw a ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`;
  }
  if (functionInside(result)) return 'gave a JavaScript function';
  if (/\bfunction\b|\[native code\]|=>/.test(JSON.stringify(result) ?? '')) return 'gave JavaScript source text';
  if (Object.hasOwn(globalThis, CANARY)) return 'set the canary global';
  if (existsSync(CANARY_FILE)) return 'wrote the canary file';
  const changed = PROTOTYPES.findIndex((p, i) => Object.getOwnPropertyNames(p).join() !== before[i]!.join());
  return changed < 0 ? undefined : `changed the own properties of ${String(PROTOTYPES[changed])}`;
}

test(`${CASES} generated templates reach no JavaScript function, source text, global, file or prototype (seed ${SEED})`, () => {
  rmSync(CANARY_FILE, { force: true });
  const before = PROTOTYPES.map((p) => Object.getOwnPropertyNames(p));
  const generator = new ExpressionGenerator(seededRandom(SEED), CODE);
  const known = PAYLOADS.map((p) => p.replaceAll('CODE', JSON.stringify(CODE)));
  const started = Date.now();
  for (let i = 0; i < CASES; i++) {
    const isBare = i >= known.length && i % 3 === 0;
    const source = i < known.length ? known[i]! : isBare ? generator.expression() : generator.template();
    const problem = breach(source, isBare, before);
    rmSync(CANARY_FILE, { force: true });
    assert.equal(problem, undefined, `case ${i} of seed ${SEED} (RUNBOOK_SANDBOX_SEED=${SEED}): ${JSON.stringify(source)} ${problem}`);
  }
  assert.ok(Date.now() - started < 20_000, `${CASES} cases took ${Date.now() - started} ms`);
});

test('the canary payload does run as JavaScript, so the property above would see an escape', () => {
  rmSync(CANARY_FILE, { force: true });
  new Function(CODE)();
  try {
    assert.ok(existsSync(CANARY_FILE) && Object.hasOwn(globalThis, CANARY));
  } finally {
    rmSync(CANARY_FILE, { force: true });
    delete (globalThis as Record<string, unknown>)[CANARY];
  }
});
