import type { Consensus, ReleasesData } from './releases-data.js';
import { planUpgradeRoute, runbookProblem, type RouteHop, type RouteQuery } from './upgrade-route.js';

/** A runbook asked to take one hop: whether it may, and, when it may not, why and the route to take instead. */
export interface HopCheck {
  readonly allowed: boolean;
  /** Empty when allowed; otherwise the refusal with the route, for a person. */
  readonly message: string;
  /** The route from the hop's start to its end (empty when there is none). */
  readonly route: readonly RouteHop[];
  /** The route on one line: `0.9.0 → 0.10.1 (upgrade-standard) → 1.1.6 (upgrade-standard)`. */
  readonly text: string;
}

/** A route on one line, each stop with the runbook that reaches it. */
export function describeRoute(hops: readonly RouteHop[]): string {
  if (!hops.length) return '';
  return [hops[0]!.from, ...hops.map((h) => `${h.to} (${h.runbook})`)].join(' → ');
}

function advice(runbook: string, query: RouteQuery, hops: readonly RouteHop[]): string {
  const text = `The route: ${describeRoute(hops)}.`;
  const first = hops[0]!;
  if (first.to !== query.to) return `${text} Upgrade to ${first.to} first, then to ${query.to}.`;
  return first.runbook === runbook ? text : `${text} Use ${first.runbook} for this hop.`;
}

/**
 * Whether `runbook` may take `from → to` under `consensus`, by the releases data: the refusal names the
 * reason and the route the planner gives instead. Pure.
 */
export function checkRunbookHop(data: ReleasesData, query: RouteQuery & { readonly runbook: string }): HopCheck {
  const planned = planUpgradeRoute(data, query);
  const route = planned.kind === 'route' ? planned.hops : [];
  const text = describeRoute(route);
  const [a, b] = [data.releases.find((r) => r.version === query.from), data.releases.find((r) => r.version === query.to)];
  const head = `${query.from} → ${query.to} is not a supported hop for ${query.runbook}`;
  if (planned.kind === 'unknown-version') return { allowed: false, message: `${head}: ${planned.reason} (${planned.hint})`, route, text };
  const problem = runbookProblem(data, query.runbook, a!, b!, query.consensus as Consensus);
  if (!problem) return { allowed: true, message: '', route, text };
  const next = planned.kind === 'route' ? advice(query.runbook, query, route) : `No route: ${planned.reason}.`;
  return { allowed: false, message: `${head}: ${problem}. ${next}`, route, text };
}
