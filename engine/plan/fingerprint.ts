import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { allSteps, allTasks, controllerSource, type Runbook } from '../runbook/index.js';

/** What a run was made from; `--resume` refuses to go on when either part differs now. */
export interface PlanFingerprint {
  readonly runbook: string;
  readonly inventory: string;
}

/** The files a runbook is made of: itself, every file it includes, in order, then its `vars_files`. */
export function runbookFiles(runbook: Runbook): string[] {
  const included = allSteps(runbook.steps).flatMap((step) => (step.kind === 'include' ? [step.file] : []));
  return [...new Set([runbook.file, ...included, ...runbook.varsFiles])];
}

/**
 * The files a run reads on the controller: the runbook's own files, then each `copy`/`template` `src`
 * written as a plain path (relative to the runbook, as the modules read it). A `src` that is an
 * expression is not listed: the content diff in the plan shows what it renders.
 */
export function controllerFiles(runbook: Runbook): string[] {
  const sources = allTasks(runbook).filter((t) => t.module === 'copy' || t.module === 'template')
    .flatMap((t) => controllerSource(t.args, dirname(runbook.file)) ?? []);
  return [...new Set([...runbookFiles(runbook), ...sources])];
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
  const words: Record<keyof PlanFingerprint, string> = { runbook: 'the runbook (or a file it includes)', inventory: 'the inventory' };
  return (Object.keys(words) as (keyof PlanFingerprint)[]).filter((k) => saved[k] !== now[k]).map((k) => words[k]);
}
