import { loadSemver } from './load-semver.js';
import type { Consensus, Release, ReleasesData, RunbookHops } from './releases-data.js';

/** One hop of a route: the runbook that takes it, and why it is this hop with this runbook. */
export interface RouteHop {
  readonly from: string;
  readonly to: string;
  readonly runbook: string;
  readonly reason: string;
}

/** What the planner says: a route (no hops when there is nothing to do), no route, or a version it does not know. */
export type RouteResult =
  | { readonly kind: 'route'; readonly hops: readonly RouteHop[] }
  | { readonly kind: 'no-route'; readonly reason: string }
  | { readonly kind: 'unknown-version'; readonly reason: string; readonly hint: string };

/** What the route is asked: from, to, and the cluster's consensus. */
export interface RouteQuery {
  readonly from: string;
  readonly to: string;
  readonly consensus: Consensus;
}

function releaseOf(data: ReleasesData, version: string): Release | undefined {
  return data.releases.find((r) => r.version === version);
}

/** Why no runbook can take a → b at all (newer, consensus, state), or undefined when one may. */
export function hopProblem(data: ReleasesData, a: Release, b: Release, consensus: Consensus): string | undefined {
  if (!loadSemver().gt(b.version, a.version)) return `${b.version} is not newer than ${a.version}: these runbooks only upgrade`;
  for (const r of [a, b]) if (!r.consensus.includes(consensus)) return `${r.version} has no ${consensus} consensus (it has ${r.consensus.join(', ')})`;
  if (b.reads_state_from && loadSemver().lt(a.version, b.reads_state_from)) {
    const oldest = releaseOf(data, b.reads_state_from);
    const format = oldest?.state_format ? ` format (${oldest.state_format})` : '';
    return `${b.version} cannot read a state older than ${b.reads_state_from}'s${format}, and ${a.version} writes format ${a.state_format ?? '(datastore)'}`;
  }
  return undefined;
}

/** Why a and b cannot run side by side in one cluster, or undefined when they can. */
export function sideBySideProblem(a: Release, b: Release, consensus: Consensus): string | undefined {
  if (a.rpc_protocol !== b.rpc_protocol) return `${a.version} and ${b.version} speak different RPC protocols (${a.rpc_protocol}, ${b.rpc_protocol}): they never form one cluster`;
  if (a.state_format !== b.state_format) return `${a.version} and ${b.version} use different state formats (${a.state_format}, ${b.state_format})`;
  if (consensus === 'crdt' && a.crdt_delta_format !== b.crdt_delta_format) {
    return `under crdt, ${a.version} cannot process the deltas of ${b.version} (delta format ${a.crdt_delta_format} → ${b.crdt_delta_format})`;
  }
  return undefined;
}

/** Why `runbook` may not take a → b (a hop no runbook can take included), or undefined when it may. */
export function runbookProblem(data: ReleasesData, name: string, a: Release, b: Release, consensus: Consensus): string | undefined {
  const hops: RunbookHops | undefined = data.runbooks[name];
  if (!hops) return `the releases data has no entry for the runbook ${name} (it has ${Object.keys(data.runbooks).join(', ')})`;
  const general = hopProblem(data, a, b, consensus);
  if (general) return general;
  if (!hops.consensus.includes(consensus)) return `${name} handles ${hops.consensus.join(', ')} clusters, not ${consensus}`;
  if (hops.from && loadSemver().lt(a.version, hops.from)) return `${name} upgrades from ${hops.from} on, not from ${a.version}`;
  return hops.takes === 'side-by-side' ? sideBySideProblem(a, b, consensus) : undefined;
}

/** The notes a hop's reason carries: what changes on the way (state, CRDT migration, Pebble format). */
function hopNotes(a: Release, b: Release, consensus: Consensus): string[] {
  const notes: string[] = [];
  if (a.state_format !== null && b.state_format !== null && a.state_format !== b.state_format) notes.push(`state format ${a.state_format} → ${b.state_format} (daemon --upgrade)`);
  if (a.state_format !== null && b.state_format === null) notes.push(`the format ${a.state_format} state moves into the datastore state`);
  if (consensus === 'crdt' && b.crdt_migrates_on_open && !a.crdt_migrates_on_open) notes.push(`${b.version}'s first start migrates the CRDT datastore once`);
  if (consensus === 'crdt' && b.pebble && b.pebble.oldest_format > (a.pebble?.oldest_format ?? 1)) {
    notes.push(`${b.version} opens no Pebble store below format ${b.pebble.oldest_format}${a.pebble ? ` (${a.version}'s init writes ${a.pebble.newest_format})` : ''}`);
  }
  return notes;
}

/** The runbooks in the order the route prefers them: no downtime first, then as listed. */
function preferred(data: ReleasesData): string[] {
  const names = Object.keys(data.runbooks);
  return [...names].sort((x, y) => Number(data.runbooks[x]!.downtime) - Number(data.runbooks[y]!.downtime) || names.indexOf(x) - names.indexOf(y));
}

function reasonFor(data: ReleasesData, name: string, a: Release, b: Release, consensus: Consensus): string {
  const why = data.runbooks[name]!.takes === 'side-by-side'
    ? `${a.version} and ${b.version} run side by side (${a.rpc_protocol}${consensus === 'crdt' ? `, delta format ${b.crdt_delta_format}` : ''}): one peer at a time, no downtime`
    : `${sideBySideProblem(a, b, consensus) ?? 'all-at-once chosen'}, so every peer at once`;
  return [why, ...hopNotes(a, b, consensus)].join('; ');
}

interface Best { readonly hops: number; readonly downtime: number; readonly next?: { readonly to: number; readonly runbook: string } }

/** The cheapest way from each release to the last one: fewest hops, then fewest with downtime; ties go furthest. */
function bestRoutes(data: ReleasesData, path: readonly Release[], consensus: Consensus): (Best | undefined)[] {
  const order = preferred(data);
  const best: (Best | undefined)[] = path.map((_, i) => (i === path.length - 1 ? { hops: 0, downtime: 0 } : undefined));
  for (let i = path.length - 2; i >= 0; i--) {
    for (let j = path.length - 1; j > i; j--) {
      const rest = best[j];
      const runbook = rest && order.find((name) => !runbookProblem(data, name, path[i]!, path[j]!, consensus));
      if (!rest || !runbook) continue;
      const cost = { hops: rest.hops + 1, downtime: rest.downtime + Number(data.runbooks[runbook]!.downtime) };
      const now = best[i];
      if (!now || cost.hops < now.hops || (cost.hops === now.hops && cost.downtime < now.downtime)) best[i] = { ...cost, next: { to: j, runbook } };
    }
  }
  return best;
}

/**
 * The upgrade route from one release to another under one consensus: the fewest hops, then the fewest
 * with downtime (a rolling hop over an all-at-once one), each with its runbook and reason. Pure.
 */
export function planUpgradeRoute(data: ReleasesData, query: RouteQuery): RouteResult {
  const known = data.releases.map((r) => r.version);
  for (const version of [query.from, query.to]) {
    if (!known.includes(version)) {
      return { kind: 'unknown-version', reason: `${version} is not a release the route data knows`, hint: `known releases: ${known.join(', ')}` };
    }
  }
  const [a, b] = [releaseOf(data, query.from)!, releaseOf(data, query.to)!];
  if (a.version === b.version) return { kind: 'route', hops: [] };
  if (loadSemver().lt(b.version, a.version)) return { kind: 'no-route', reason: `${b.version} is older than ${a.version}: these runbooks only upgrade` };
  const path = data.releases.filter((r) => loadSemver().gte(r.version, a.version) && loadSemver().lte(r.version, b.version));
  const best = bestRoutes(data, path, query.consensus);
  if (!best[0]) {
    return { kind: 'no-route', reason: `no route from ${a.version} to ${b.version} under ${query.consensus}: ${hopProblem(data, a, b, query.consensus) ?? 'no runbook takes a hop on the way'}` };
  }
  const hops: RouteHop[] = [];
  for (let i = 0, step = best[0]; step.next; i = step.next.to, step = best[i]!) {
    const [from, to] = [path[i]!, path[step.next.to]!];
    const stop = to.version === b.version ? undefined : hopProblem(data, from, b, query.consensus) ?? sideBySideProblem(from, b, query.consensus);
    const reason = reasonFor(data, step.next.runbook, from, to, query.consensus);
    hops.push({ from: from.version, to: to.version, runbook: step.next.runbook, reason: stop ? `${reason}; a stop, since ${stop}` : reason });
  }
  return { kind: 'route', hops };
}
