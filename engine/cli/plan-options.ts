import { EngineError } from '../core/index.js';
import type { SavedPlanOptions } from '../plan/index.js';
import { parseExtraVars } from './extra-vars.js';

/** The options `exec --plan` takes as given: each changes what runs, so the saved plan fixes it. */
const FIXED_BY_PLAN: readonly { readonly flag: string; readonly isGiven: (o: Partial<SavedPlanOptions>) => boolean }[] = [
  { flag: '-i/--inventory', isGiven: (o) => (o.inventory?.length ?? 0) > 0 },
  { flag: '-e/--extra-vars', isGiven: (o) => (o.extraVars?.length ?? 0) > 0 },
  { flag: '-l/--limit', isGiven: (o) => o.limit !== undefined },
  { flag: '--allow-empty', isGiven: (o) => o.allowEmpty === true },
  { flag: '--max-hosts', isGiven: (o) => o.maxHosts !== undefined },
  { flag: '-f/--forks', isGiven: (o) => o.forks !== undefined },
  { flag: '-t/--tags', isGiven: (o) => o.tags !== undefined },
  { flag: '--skip-tags', isGiven: (o) => o.skipTags !== undefined },
  { flag: '--start-at-step', isGiven: (o) => o.startAtStep !== undefined },
  { flag: '--no-rollback', isGiven: (o) => o.rollback === false },
  { flag: '--facts', isGiven: (o) => o.facts === 'none' },
  { flag: '--known-hosts', isGiven: (o) => o.knownHosts !== undefined },
  { flag: '--accept-new-host-keys', isGiven: (o) => o.acceptNewHostKeys === true },
];

/**
 * Refuses (a usage error, exit 5) a runbook argument or any option that would change what a saved plan
 * runs, naming them all; as Terraform refuses variables with a saved plan. --yes, --output and --diff stay,
 * and -e for the secrets the plan file keeps masked.
 */
export function refuseOptionsFixedByPlan(runbook: string | undefined, given: Partial<SavedPlanOptions>, planFile: string, maskedSecrets: ReadonlySet<string> = new Set()): void {
  // the -e secrets the plan file keeps masked are given again, and only those
  const secretsOnly = Object.keys(parseExtraVars(given.extraVars ?? [])).every((name) => maskedSecrets.has(name));
  const flags = FIXED_BY_PLAN.filter((o) => o.isGiven(given) && !(o.flag === '-e/--extra-vars' && secretsOnly)).map((o) => o.flag);
  if (runbook !== undefined) flags.unshift(`the runbook argument "${runbook}"`);
  if (!flags.length) return;
  throw new EngineError('usage', `--plan ${planFile} runs the plan as it was reviewed: ${flags.join(', ')} cannot be given with it`, {
    hint: 'the plan keeps the runbook and options it was made with; to change them, make a new plan with `runbook plan … -o FILE`' });
}
