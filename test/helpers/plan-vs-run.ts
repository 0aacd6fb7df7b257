import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `host step-id` of every step a `plan --format json` output marks as running (or decided at run time). */
export function plannedSteps(planJson: string): string[] {
  const plan = JSON.parse(planJson) as { steps: { id: string; entries: { host: string; mark: string }[] }[] };
  return plan.steps.flatMap((s) => s.entries.filter((e) => e.mark !== 'skipped').map((e) => `${e.host} ${s.id}`)).sort();
}

/** `host step-id` of every step the newest run under `dir` started, from its journal. */
export function executedSteps(dir: string): string[] {
  const runs = join(dir, '.runbook', 'runs');
  const journal = readFileSync(join(runs, readdirSync(runs).sort().at(-1)!, 'journal.jsonl'), 'utf8');
  return journal.trim().split('\n').map((l) => JSON.parse(l) as { type: string; host?: string; id?: string })
    .filter((e) => e.type === 'step-start').map((e) => `${e.host} ${e.id}`).sort();
}
