import { EngineError } from '../core/index.js';
import type { FactValues, VolatileFacts } from '../facts/index.js';
import { describeFactChanges } from './compare-facts.js';
import { comparePlans, describeDifferences } from './compare-plans.js';
import type { PlanDocument } from './plan-document.js';
import type { InputDigests, SavedPlan } from './saved-plan.js';

const HINT = 'make a new plan with `runbook plan … -o FILE` and review it again';

/** The inputs whose digest differs, in words: each file by its path, then the inventory. */
export function changedInputs(saved: InputDigests, now: InputDigests): string[] {
  const files = [...new Set([...Object.keys(saved.files), ...Object.keys(now.files)])].filter((f) => saved.files[f] !== now.files[f]);
  return [...files, ...(saved.inventory === now.inventory ? [] : ['the inventory'])];
}

/** Refuses (exit 1) a saved plan whose runbook files, controller sources, -e files or inventory changed since. */
export function checkSavedInputs(saved: SavedPlan, now: InputDigests, planFile: string): void {
  const changed = changedInputs(saved.digests, now);
  if (!changed.length) return;
  throw new EngineError('failed', `the plan ${planFile} is out of date: ${changed.join(', ')} changed since it was made`, { hint: HINT });
}

/**
 * Refuses (exit 1) a saved plan that differs from the plan made today from the same inputs, listing the
 * differences (host, step, before → after; at most 20 lines, then a count) and the facts that changed.
 */
export function checkSavedPlan(saved: SavedPlan, fresh: { plan: PlanDocument; volatile: VolatileFacts; facts: FactValues }, planFile: string): void {
  const differences = comparePlans(saved.plan, fresh.plan, { saved: saved.volatile, fresh: fresh.volatile });
  if (!differences.length) return;
  const count = `${differences.length} difference${differences.length === 1 ? '' : 's'}`;
  const facts = describeFactChanges(saved.facts, fresh.facts);
  throw new EngineError('failed', [`the plan ${planFile} no longer holds: the plan made from today's facts has ${count} (saved → now):`,
    ...describeDifferences(differences).map((line) => `  ${line}`),
    ...(facts.length ? ['facts that changed since the plan was made:', ...limited(facts, 10).map((line) => `  ${line}`)] : [])].join('\n'), { hint: HINT });
}

function limited(lines: readonly string[], limit: number): string[] {
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more`] : [...lines];
}
