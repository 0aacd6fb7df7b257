import { fileChanges, ROLLBACK_MAY_CHANGE, unexpectedChanges, UPGRADE_MAY_CHANGE } from './host-files.js';
import type { PeerState } from './observe.js';

/** What a cell's run ended with: the last command of the engine that ran (the run itself, a resume, a rollback). */
export interface RunEnd {
  readonly command: 'exec' | 'resume' | 'rollback';
  readonly exitCode: number | null;
}

/** One cell's outcome as observed: the twin before and after, and how its run (and recovery) ended. */
export interface Observed {
  readonly before: readonly PeerState[];
  readonly after: readonly PeerState[];
  readonly runs: readonly RunEnd[];
}

/** The first thing that differs from what must hold after a cell: the peer, the check, and the state lost. */
export interface Difference {
  readonly peer: string | null;
  readonly check: 'ready' | 'one-version' | 'reported' | 'pins' | 'status' | 'files';
  readonly lost: string;
}

/** The old and the new release: every peer must end on one of them. */
export interface Releases {
  readonly old: string;
  readonly new: string;
}

function versionCheck(after: readonly PeerState[], end: RunEnd | undefined, releases: Releases): Difference | undefined {
  const isUpgraded = end?.exitCode === 0 && end.command !== 'rollback';
  const expected = isUpgraded ? releases.new : releases.old;
  const wrong = after.find((p) => p.version !== expected);
  if (!wrong) return undefined;
  const said = end ? `${end.command} exited ${end.exitCode ?? 'killed'}` : 'nothing ran';
  const right = after.filter((p) => p.version === expected).map((p) => p.host);
  return { peer: wrong.host, check: right.length ? 'one-version' : 'reported',
    lost: `its ${expected} binaries: it runs ${wrong.version ?? 'nothing'}${right.length ? ` while ${right.join(', ')} run ${expected}` : ''} (${said})` };
}

function pinCheck(before: PeerState, after: PeerState): Difference | undefined {
  const missing = before.pins.filter((c) => !after.pins.includes(c));
  const added = after.pins.filter((c) => !before.pins.includes(c));
  if (!missing.length && !added.length) return undefined;
  return { peer: after.host, check: 'pins', lost: missing.length
    ? `${missing.length} of its ${before.pins.length} pins (e.g. ${missing[0]})`
    : `nothing, but ${added.length} pins appeared (e.g. ${added[0]})` };
}

function statusText(status: Readonly<Record<string, number>>): string {
  return Object.entries(status).map(([word, n]) => `${n} ${word}`).join(', ') || 'no answer';
}

/**
 * Judges a cell (data in, data out): every peer on one release, the new one when the last command exited 0 (not a
 * rollback), the old one otherwise; every peer READY; each peer's pinset and pin statuses as before; and no file
 * changed beyond what an upgrade (or a rolled-back one) may change. Returns the first difference, or undefined.
 */
export function judge(observed: Observed, releases: Releases): Difference | undefined {
  const { before, after } = observed;
  const version = versionCheck(after, observed.runs.at(-1), releases);
  if (version) return version;
  const down = after.find((p) => !p.isReady);
  if (down) return { peer: down.host, check: 'ready', lost: `a READY daemon with the whole peerset (installed: ${down.version ?? 'nothing'})` };
  for (const peer of after) {
    const was = before.find((p) => p.host === peer.host)!;
    const pins = pinCheck(was, peer);
    if (pins) return pins;
    if (statusText(was.status) !== statusText(peer.status)) {
      return { peer: peer.host, check: 'status', lost: `pin statuses ${statusText(was.status)} (now ${statusText(peer.status)})` };
    }
  }
  const allowed = after[0]?.version === releases.new && releases.new !== releases.old ? UPGRADE_MAY_CHANGE : ROLLBACK_MAY_CHANGE;
  const snapshot = (states: readonly PeerState[]) => new Map(states.map((p) => [p.host, new Map(Object.entries(p.files))]));
  const [first] = unexpectedChanges(fileChanges(snapshot(before), snapshot(after)), allowed);
  if (first) {
    const [host, ...rest] = first.split(' ');
    return { peer: host!, check: 'files', lost: `${rest.join(' ')} (a change no ${allowed === UPGRADE_MAY_CHANGE ? 'upgrade' : 'rolled-back upgrade'} may leave)` };
  }
  return undefined;
}
