import { EngineError, invalidInput, toJsonPointer, type Diagnostic, type SourceRef } from '../core/index.js';
import { allSteps, type BatchSize, type Block, type Serial } from '../runbook/index.js';
import { spanOf } from '../source/index.js';
import { createScope, hasTemplateMark, renderValue, type Scope } from '../template/index.js';
import type { VarsSources } from './variables.js';

const PERCENT = /^(100|[1-9][0-9]?)%$/;

/** A rendered batch size as Ansible's pct_to_int reads it: an integer (digits too), or "N%"; else undefined. */
function batchSize(value: unknown): BatchSize | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (PERCENT.test(text)) return text as `${number}%`;
  return /^[0-9]+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

function problem(at: SourceRef, message: string, hint: string): Diagnostic {
  return { ...spanOf(at), code: 'bad-value', severity: 'error', message, hint, path: toJsonPointer(at.path) };
}

/** One written entry of `serial`, rendered when it is a template: the sizes it stands for. */
function resolveEntry(entry: BatchSize | string, isSole: boolean, scope: Scope, at: SourceRef): BatchSize[] {
  if (typeof entry !== 'string' || !hasTemplateMark(entry)) return [entry as BatchSize];
  const value = renderValue(entry, scope, at);
  // a sole template may give the whole list, as Ansible's list-typed serial takes it
  const sizes = isSole && Array.isArray(value) ? value : [value];
  const bad = sizes.length ? sizes.find((size) => batchSize(size) === undefined) : [];
  if (bad !== undefined) {
    throw invalidInput([problem(at, `serial: ${JSON.stringify(entry)} gave ${JSON.stringify(bad) ?? String(bad)}, which is not a batch size`,
      'a batch size is a number of hosts (at least 1) or a percentage such as "30%" ("100%": one batch of every host); a list of them also does')]);
  }
  return sizes.map((size) => batchSize(size)!);
}

function resolveBlock(block: Block, scope: Scope): Serial {
  const spec = block.serial ?? [];
  const base = [...block.at.path, 'serial'];
  return spec.flatMap((entry, i) => resolveEntry(entry, spec.length === 1, scope, { file: block.at.file, path: spec.length === 1 ? base : [...base, i] }));
}

/**
 * The batch sizes of every rolling block, by block id, as the run uses them: a `{{ }}` template is rendered before
 * anything runs, from what is known then (as Ansible's play-level serial): the runbook's vars and params, `groups`,
 * `run` and -e. Throws an invalid-input EngineError listing every serial that does not resolve, at its file:line:col.
 */
export function resolveSerials(sources: VarsSources): ReadonlyMap<string, Serial> {
  const scope = createScope([
    { kind: 'templated', vars: sources.runbook.vars },
    { kind: 'data', vars: { groups: sources.groups, run: sources.run, play_hosts: sources.playHosts } },
    { kind: 'templated', vars: sources.extraVars },
  ]);
  const resolved = new Map<string, Serial>();
  const problems: Diagnostic[] = [];
  const blocks = allSteps(sources.runbook.steps).filter((s): s is Block => s.kind === 'block' && s.serial !== undefined);
  for (const block of blocks) {
    try {
      resolved.set(block.id, resolveBlock(block, scope));
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      const hint = 'serial is resolved before the run, from the runbook\'s vars and params, groups and -e: host vars, facts and registered results are not known yet';
      problems.push(...error.diagnostics.map((d) => (/undefined variable/.test(d.message) ? { ...d, hint } : d)));
    }
  }
  if (problems.length) throw invalidInput(problems);
  return resolved;
}
