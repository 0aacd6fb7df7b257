import { loadSemver } from './load-semver.js';
import { releases as passesReleasesSchema } from './releases-schema-check.js';
import { sortDiagnostics, toJsonPointer, type Diagnostic } from '../core/index.js';
import { validateWithSchema } from '../schema/index.js';
import { loadYamlFile, locate, type YamlSource } from '../source/index.js';

/** A consensus component. */
export type Consensus = 'raft' | 'crdt';

/** One IPFS Cluster release as `runbooks/data/ipfs-cluster-releases.yml` describes it. */
export interface Release {
  readonly version: string;
  readonly state_format: number | null;
  readonly reads_state_from?: string;
  readonly rpc_protocol: string;
  readonly consensus: readonly Consensus[];
  readonly crdt_delta_format?: number;
  readonly crdt_migrates_on_open?: boolean;
  readonly pebble?: { readonly oldest_format: number; readonly newest_format: number };
}

/** The hops one runbook may take. */
export interface RunbookHops {
  readonly takes: 'any' | 'side-by-side';
  readonly downtime: boolean;
  readonly consensus: readonly Consensus[];
  readonly from?: string;
}

/** The value of the `ipfs_cluster_releases` variable: releases oldest first, and per runbook its hops. */
export interface ReleasesData {
  readonly releases: readonly Release[];
  readonly runbooks: Readonly<Record<string, RunbookHops>>;
}

/** The variable a vars file holds the releases data in. */
export const RELEASES_VAR = 'ipfs_cluster_releases';

/**
 * Every problem of a vars file's `ipfs_cluster_releases` (schema, then: versions oldest first and unique,
 * `reads_state_from` and `from` naming known releases), each at its file:line:col.
 */
export function checkReleasesData(source: YamlSource, value: Readonly<Record<string, unknown>>): Diagnostic[] {
  const schema = schemaDiagnostics(source, { [RELEASES_VAR]: value[RELEASES_VAR] });
  return schema.length ? schema : releaseProblems(source, value[RELEASES_VAR] as ReleasesData);
}

/** What the schema cannot check of releases data it passed: versions oldest first and unique, names of known releases. */
function releaseProblems(source: YamlSource, data: ReleasesData): Diagnostic[] {
  const known = new Set(data.releases.map((r) => r.version));
  const at = (path: (string | number)[], message: string, hint: string): Diagnostic => ({
    file: source.file, ...locate(source, [RELEASES_VAR, ...path]), path: toJsonPointer([RELEASES_VAR, ...path]),
    severity: 'error', code: 'bad-value', message, hint });
  const problems: Diagnostic[] = [];
  data.releases.forEach((release, i) => {
    const previous = data.releases[i - 1];
    if (previous && !loadSemver().gt(release.version, previous.version)) {
      problems.push(at(['releases', i, 'version'], `${release.version} comes after ${previous.version}`, 'list the releases oldest first, each once'));
    }
    if (release.reads_state_from !== undefined && !known.has(release.reads_state_from)) {
      problems.push(at(['releases', i, 'reads_state_from'], `${release.reads_state_from} is not a release of this file`, 'name a release listed under releases'));
    }
  });
  for (const [name, hops] of Object.entries(data.runbooks)) {
    if (hops.from !== undefined && !known.has(hops.from)) {
      problems.push(at(['runbooks', name, 'from'], `${hops.from} is not a release of this file`, 'name a release listed under releases'));
    }
  }
  return problems;
}

// compiled at build time: ajv is loaded only to say what is wrong with data that fails the check
function schemaDiagnostics(source: YamlSource, value: unknown): Diagnostic[] {
  return passesReleasesSchema(value) === true ? [] : validateWithSchema(source, value, { schema: 'ipfs-cluster-releases' });
}

/** Whether a parsed file is releases data (`ipfs_cluster_releases:` at the top, no `runbook:`), for `runbook validate`. */
export function isReleasesDataFile(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && RELEASES_VAR in value && !('runbook' in value);
}

/** Every problem of a whole releases data file: its schema, then the checks of `checkReleasesData`. */
export function checkReleasesFile(source: YamlSource, value: Readonly<Record<string, unknown>>): Diagnostic[] {
  // the whole file against the schema once, then what the schema cannot check
  const diagnostics = schemaDiagnostics(source, value);
  return sortDiagnostics(diagnostics.length ? diagnostics : releaseProblems(source, value[RELEASES_VAR] as ReleasesData));
}

/** Reads and checks a releases data file (`runbook route --data`): the data, or every problem found. */
export function loadReleasesFile(file: string): { data: ReleasesData } | { diagnostics: Diagnostic[] } {
  const source = loadYamlFile(file);
  if ('code' in source) return { diagnostics: [source] };
  if (source.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: [...source.diagnostics] };
  const value = source.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { diagnostics: [{ file, line: 1, col: 1, path: '', severity: 'error', code: 'wrong-type',
      message: `expected a mapping with ${RELEASES_VAR}: at the top of the file` }] };
  }
  const diagnostics = checkReleasesFile(source, value as Record<string, unknown>);
  return diagnostics.length ? { diagnostics } : { data: (value as Record<string, ReleasesData>)[RELEASES_VAR]! };
}
