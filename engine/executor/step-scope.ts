import type { SourceRef } from '../core/index.js';
import type { Frame } from './context.js';
import type { HostState } from './host-state.js';
import { hostVars, type HostVars, type StepVars, type VarsSnapshot, type VarsSources } from './variables.js';

/** The variables a host's step sees now; kept by undo hooks as they were. */
export function snapshotOf(host: HostState, frame: Frame, extraStepVars: Readonly<Record<string, unknown>> = {}): VarsSnapshot {
  return { stepVars: stepVarsOf(frame, extraStepVars), registered: copyOf(host.registered), setFacts: copyOf(host.setFacts), batchHosts: frame.batchHosts };
}

const NOTHING: Readonly<Record<string, unknown>> = Object.freeze({});

/** A copy of a record; the same frozen empty one for every empty record (most hosts register nothing in most steps). */
function copyOf(record: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  for (const key in record) if (Object.hasOwn(record, key)) return { ...record };
  return NOTHING;
}

const stepVarsCache = new WeakMap<StepVars, WeakMap<object, StepVars>>();

/** A frame's step vars and a task's, as one list: the same for every host of the frame, so made once and shared (it is read, never changed). */
function stepVarsOf(frame: Frame, extra: Readonly<Record<string, unknown>>): StepVars {
  let byExtra = stepVarsCache.get(frame.stepVars);
  if (!byExtra) stepVarsCache.set(frame.stepVars, (byExtra = new WeakMap()));
  let list = byExtra.get(extra);
  if (!list) byExtra.set(extra, (list = Object.freeze([...frame.stepVars, extra])));
  return list;
}

/** A host's variables, the scope made when first used (a step a dry run decides without reading a variable never makes it). */
export function lazyHostVars(sources: VarsSources, host: HostState, snapshot: VarsSnapshot): HostVars {
  return new LazyHostVars(sources, host, snapshot);
}

class LazyHostVars implements HostVars {
  #made: HostVars | undefined;
  constructor(readonly sources: VarsSources, readonly host: HostState, readonly snapshot: VarsSnapshot) {}
  get #vars(): HostVars {
    return (this.#made ??= hostVars(this.sources, this.host, this.snapshot));
  }
  render(value: unknown, at: SourceRef, extra?: Readonly<Record<string, unknown>>): unknown {
    return this.#vars.render(value, at, extra);
  }
  renderFile(text: string, name: string, at: SourceRef): string {
    return this.#vars.renderFile(text, name, at);
  }
  evaluate(expression: string, at: SourceRef, extra?: Readonly<Record<string, unknown>>): unknown {
    return this.#vars.evaluate(expression, at, extra);
  }
  reads(value: unknown, at: SourceRef): Set<string> {
    return this.#vars.reads(value, at);
  }
  expressionReads(expression: string, at: SourceRef): Set<string> {
    return this.#vars.expressionReads(expression, at);
  }
}
