import { toJsonPointer, type Diagnostic } from '../engine/core/index.js';
import { validateWithSchema } from '../engine/schema/index.js';
import { findFile, loadYamlFile, locate, type YamlSource } from '../engine/source/index.js';
import { fileChanges, ROLLBACK_MAY_CHANGE, unexpectedChanges, UPGRADE_MAY_CHANGE } from './host-files.js';
import type { PeerState } from './observe.js';

/** What a scenario expects after its run (schemas/scenario.schema.json `expect`); each key given is checked. */
export interface Expectation {
  readonly exit?: number;
  readonly release?: string;
  readonly pins?: 'kept';
  readonly files?: 'unchanged' | 'unchanged-but-upgrade' | 'unchanged-but-rollback';
  readonly output?: readonly string[];
}

/** A scenario file for `runbook test`, as loaded and checked. */
export interface Scenario {
  readonly file: string;
  readonly scenario: string;
  readonly runbook: string;
  /** The runbook file found (absolute). */
  readonly runbookFile: string;
  readonly cluster: { readonly release: string; readonly consensus: 'raft' | 'crdt'; readonly peers: number; readonly pins: number };
  readonly extraVars: Readonly<Record<string, unknown>>;
  /** Simulator faults by peer (peer1…peerN). */
  readonly faults: Readonly<Record<string, readonly string[]>>;
  readonly expect: Expectation;
}

/** What a scenario's run left: the exit code, what it printed, and every peer before and after. */
export interface Seen {
  readonly exit: number | null;
  readonly output: string;
  readonly before: readonly PeerState[];
  readonly after: readonly PeerState[];
}

/** The first expectation not met: which, what was expected, what was seen. */
export interface Mismatch {
  readonly check: keyof Expectation;
  readonly expected: string;
  readonly seen: string;
}

type Raw = { scenario: string; runbook: string; cluster: { release: string; consensus?: 'raft' | 'crdt'; peers: number; pins?: number };
  extra_vars?: Record<string, unknown>; faults?: Record<string, string[]>; expect: Expectation };

function checks(source: YamlSource, raw: Raw, cwd: string): Diagnostic[] {
  const at = (path: (string | number)[], message: string, hint: string, where: 'key' | 'value' = 'value'): Diagnostic => ({
    file: source.file, ...locate(source, path, where), path: toJsonPointer(path), severity: 'error', code: 'bad-value', message, hint });
  const problems: Diagnostic[] = [];
  try { findFile(raw.runbook, 'runbooks', 'runbook', cwd); } catch {
    problems.push(at(['runbook'], `runbook "${raw.runbook}" not found (as given, nor in runbooks/)`, 'name a runbook as `runbook exec` takes it, e.g. upgrade-standard'));
  }
  for (const peer of Object.keys(raw.faults ?? {})) {
    if (Number(peer.slice(4)) > raw.cluster.peers) {
      problems.push(at(['faults', peer], `${peer} is not a peer of this cluster (peer1…peer${raw.cluster.peers})`, 'name a peer the cluster has, or raise cluster.peers', 'key'));
    }
  }
  (raw.expect.output ?? []).forEach((pattern, i) => {
    try { new RegExp(pattern); } catch (error) {
      problems.push(at(['expect', 'output', i], `not a regular expression: ${(error as Error).message}`, 'escape special characters with \\ (in YAML, single-quote the pattern)'));
    }
  });
  return problems;
}

/**
 * Reads and checks a scenario file: the scenario, or every problem found, each at file:line:col. The runbook is
 * looked up from `cwd` as `runbook exec` looks it up.
 */
export function loadScenario(file: string, cwd = process.cwd()): { scenario: Scenario } | { diagnostics: Diagnostic[] } {
  const source = loadYamlFile(file);
  if ('code' in source) return { diagnostics: [source] };
  if (source.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: [...source.diagnostics] };
  const schema = validateWithSchema(source, source.value, { schema: 'scenario' });
  if (schema.length) return { diagnostics: schema };
  const raw = source.value as Raw;
  const problems = checks(source, raw, cwd);
  if (problems.length) return { diagnostics: problems };
  return { scenario: {
    file, scenario: raw.scenario, runbook: raw.runbook, runbookFile: findFile(raw.runbook, 'runbooks', 'runbook', cwd),
    cluster: { release: raw.cluster.release, consensus: raw.cluster.consensus ?? 'raft', peers: raw.cluster.peers, pins: raw.cluster.pins ?? 5 },
    extraVars: raw.extra_vars ?? {}, faults: raw.faults ?? {}, expect: raw.expect,
  } };
}

function releaseMismatch(release: string, after: readonly PeerState[]): Mismatch | undefined {
  const wrong = after.find((p) => p.version !== release || !p.isReady);
  if (!wrong) return undefined;
  const seen = after.map((p) => `${p.host} ${p.version ?? 'nothing'}${p.isReady ? '' : ' (not READY)'}`).join(', ');
  return { check: 'release', expected: `every peer READY on ${release}`, seen };
}

function pinsMismatch(before: readonly PeerState[], after: readonly PeerState[]): Mismatch | undefined {
  for (const peer of after) {
    const was = before.find((p) => p.host === peer.host);
    if (!was) continue;
    const missing = was.pins.filter((c) => !peer.pins.includes(c));
    const added = peer.pins.filter((c) => !was.pins.includes(c));
    if (missing.length || added.length) {
      return { check: 'pins', expected: `${peer.host}'s ${was.pins.length} pins kept`,
        seen: `${peer.host} lists ${peer.pins.length}: ${missing.length} missing${missing[0] ? ` (e.g. ${missing[0]})` : ''}, ${added.length} added` };
    }
    const status = (s: Readonly<Record<string, number>>) => Object.entries(s).map(([w, n]) => `${n} ${w}`).join(', ') || 'no answer';
    if (status(was.status) !== status(peer.status)) {
      return { check: 'pins', expected: `${peer.host}'s pin statuses ${status(was.status)}`, seen: status(peer.status) };
    }
  }
  return undefined;
}

const ALLOWED = { 'unchanged': [], 'unchanged-but-upgrade': UPGRADE_MAY_CHANGE, 'unchanged-but-rollback': ROLLBACK_MAY_CHANGE } as const;

function filesMismatch(files: NonNullable<Expectation['files']>, seen: Seen): Mismatch | undefined {
  const snapshot = (states: readonly PeerState[]) => new Map(states.map((p) => [p.host, new Map(Object.entries(p.files))]));
  const [first] = unexpectedChanges(fileChanges(snapshot(seen.before), snapshot(seen.after)), ALLOWED[files]);
  return first ? { check: 'files', expected: `files ${files}`, seen: first } : undefined;
}

/**
 * Compares what a run left with what its scenario expects (data in, data out), in the order exit, release, pins,
 * files, output; returns the first expectation not met, or undefined when all are.
 */
export function compareScenario(expect: Expectation, seen: Seen): Mismatch | undefined {
  if (expect.exit !== undefined && seen.exit !== expect.exit) {
    return { check: 'exit', expected: `exit ${expect.exit}`, seen: seen.exit === null ? 'killed (timeout)' : `exit ${seen.exit}` };
  }
  const release = expect.release === undefined ? undefined : releaseMismatch(expect.release, seen.after);
  if (release) return release;
  const pins = expect.pins === 'kept' ? pinsMismatch(seen.before, seen.after) : undefined;
  if (pins) return pins;
  const files = expect.files === undefined ? undefined : filesMismatch(expect.files, seen);
  if (files) return files;
  const missing = (expect.output ?? []).find((pattern) => !new RegExp(pattern, 'm').test(seen.output));
  return missing === undefined ? undefined : { check: 'output', expected: `output matching /${missing}/`, seen: 'no line matches' };
}
