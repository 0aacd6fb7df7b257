import { createHash } from 'node:crypto';
import type { Runbook, Step } from '../runbook/index.js';

/** What a saved plan was made from; `exec --plan` refuses to run when any part differs now. */
export interface PlanFingerprint {
  readonly runbook: string;
  readonly inventory: string;
  readonly facts: string;
  readonly inputs: string;
}

/** The files a runbook is made of: itself and every file it includes, in order. */
export function runbookFiles(runbook: Runbook): string[] {
  const files = [runbook.file];
  const visit = (steps: readonly Step[]) => {
    for (const step of steps) {
      if (step.kind === 'include') {
        files.push(step.file);
        visit(step.steps);
      } else if (step.kind === 'block') {
        visit(step.steps);
        visit(step.rescue);
        visit(step.always);
      }
    }
  };
  visit(runbook.steps);
  return [...new Set(files)];
}

/** A SHA-256 of a value's JSON, keys sorted: the same data gives the same digest. */
export function digest(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    return v;
  };
  return createHash('sha256').update(JSON.stringify(sorted(value)) ?? 'undefined').digest('hex');
}

/** Which parts of a fingerprint changed, in words, for the refusal message. */
export function fingerprintChanges(saved: PlanFingerprint, now: PlanFingerprint): string[] {
  const words: Record<keyof PlanFingerprint, string> = {
    runbook: 'the runbook (or a file it includes)', inventory: 'the inventory', facts: 'the gathered facts', inputs: 'the hosts, -e values or options',
  };
  return (Object.keys(words) as (keyof PlanFingerprint)[]).filter((k) => saved[k] !== now[k]).map((k) => words[k]);
}
