import { dirname } from 'node:path';
import type { SourceRef } from '../core/index.js';
import type { Inventory } from '../inventory/index.js';
import type { Runbook } from '../runbook/index.js';
import { evaluate, expressionVariables, renderText, renderValue, Scope, templateVariables, type SecretWatch } from '../template/index.js';
import type { HostState } from './host-state.js';

/** Variables a frame adds: those of the enclosing blocks and includes, outermost first. */
export type StepVars = readonly Readonly<Record<string, unknown>>[];

/** The values a host's step sees that change as the run goes: what undo hooks keep a copy of. */
export interface VarsSnapshot {
  readonly stepVars: StepVars;
  readonly registered: Readonly<Record<string, unknown>>;
  readonly setFacts: Readonly<Record<string, unknown>>;
  readonly batchHosts: readonly string[];
}

/** Templates and expressions for one host at one point of the run. */
export interface HostVars {
  render(value: unknown, at: SourceRef, extra?: Readonly<Record<string, unknown>>): unknown;
  /** A template file's text rendered as Ansible's template module does (trim_blocks); an error quotes `name`. */
  renderFile(text: string, name: string, at: SourceRef): string;
  evaluate(expression: string, at: SourceRef, extra?: Readonly<Record<string, unknown>>): unknown;
  /**
   * Top-level names the templates in a value read, followed through the templated variables they
   * name (`vars: {sv: "{{ o.stdout }}"}`: reading `sv` reads `o` too).
   */
  reads(value: unknown, at: SourceRef): Set<string>;
  /** The same for a bare expression (`when`, `until`, `assert.that`). */
  expressionReads(expression: string, at: SourceRef): Set<string>;
}

/** What every host's variables are built from: the runbook, the inventory, -e, and the run. */
export interface VarsSources {
  readonly runbook: Runbook;
  readonly inventory: Inventory;
  readonly extraVars: Readonly<Record<string, unknown>>;
  readonly run: Readonly<Record<string, unknown>>;
  readonly playHosts: readonly string[];
  /** Where values rendered from secrets are recorded, for the redactor. */
  readonly secrets?: SecretWatch;
  /** `groups` and `hostvars`, made once per run (hostvars is read lazily: 10,000 hosts are common). */
  readonly groups: Readonly<Record<string, readonly string[]>>;
  readonly hostvars: Readonly<Record<string, unknown>>;
}

/** Each host's gathered facts, as `hostvars[host].facts` shows them. */
export type FactsOf = (host: string) => Readonly<Record<string, unknown>> | undefined;

/** The run-wide part of every host's variables. */
export function varsSources(input: Omit<VarsSources, 'groups' | 'hostvars'>, factsOf: FactsOf): VarsSources {
  const { inventory } = input;
  const varsOf = (host: string) => ({ ...inventory.hostVars(host), facts: factsOf(host) ?? {} });
  const groups = Object.fromEntries([...inventory.groups.keys()].map((g) => [g, inventory.groupHosts(g)]));
  const hostvars = new Proxy({} as Record<string, unknown>, {
    get: (_target, name) => (typeof name === 'string' && inventory.hosts.has(name) ? varsOf(name) : undefined),
    has: (_target, name) => typeof name === 'string' && inventory.hosts.has(name),
    ownKeys: () => [...inventory.hosts.keys()],
    getOwnPropertyDescriptor: (_target, name) => (typeof name === 'string' && inventory.hosts.has(name)
      ? { enumerable: true, configurable: true, value: varsOf(name) } : undefined),
  });
  return { ...input, groups, hostvars };
}

function readsOf(value: unknown, at: SourceRef, names: Set<string>): Set<string> {
  if (typeof value === 'string') for (const n of templateVariables(value, at)) names.add(n);
  else if (Array.isArray(value)) for (const v of value) readsOf(v, at, names);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) readsOf(v, at, names);
  return names;
}

/** The magic variables of a host that are the same for every step: made once per host. */
interface InventoryMagic {
  readonly inventory_file: string | null;
  readonly inventory_dir: string | null;
  readonly group_names: readonly string[];
  readonly inventory_hostname_short: string;
}

const inventoryMagic = new WeakMap<HostState, InventoryMagic>();

/** `inventory_file`, `inventory_dir`, `group_names` and `inventory_hostname_short` of a host. */
function inventoryMagicOf(inventory: Inventory, host: HostState): InventoryMagic {
  let found = inventoryMagic.get(host);
  if (!found) {
    const source = inventory.hosts.get(host.name)?.source;
    found = { inventory_file: source ?? null, inventory_dir: source ? dirname(source) : null, group_names: inventory.groupNames(host.name),
      inventory_hostname_short: host.name.split('.')[0]! };
    inventoryMagic.set(host, found);
  }
  return found;
}

/**
 * Builds a host's scope with the contract's precedence, lowest first: runbook vars < inventory
 * vars < step vars < magic vars and `facts` < registered < set_fact < -e. Inventory, runbook, step
 * and -e vars are templates (rendered when read); facts and results are data, never rendered.
 */
export function hostVars(sources: VarsSources, host: HostState, snapshot: VarsSnapshot): HostVars {
  const magic = {
    inventory_hostname: host.name, ...inventoryMagicOf(sources.inventory, host), groups: sources.groups, hostvars: sources.hostvars,
    play_hosts: sources.playHosts, batch_hosts: snapshot.batchHosts, run: sources.run, facts: host.facts,
    // Ansible's names for the same
    ansible_play_hosts: sources.playHosts, ansible_play_hosts_all: sources.playHosts, ansible_play_batch: snapshot.batchHosts,
  };
  const scope = new Scope([
    { kind: 'templated', vars: sources.runbook.vars },
    { kind: 'templated', vars: host.inventoryVars },
    ...snapshot.stepVars.map((vars) => ({ kind: 'templated' as const, vars })),
    { kind: 'data', vars: magic },
    { kind: 'data', vars: snapshot.registered },
    { kind: 'data', vars: snapshot.setFacts },
    { kind: 'templated', vars: sources.extraVars },
  ], sources.secrets);
  const withExtra = (extra?: Readonly<Record<string, unknown>>) => (extra ? scope.with({ kind: 'data', vars: extra }) : scope);
  // the layers from the highest precedence down: a name's value is the first one that has it (made when first needed)
  let layers: { templated: boolean; vars: Readonly<Record<string, unknown>> }[] | undefined;
  const followed = (names: Set<string>, at: SourceRef): Set<string> => {
    if (!names.size) return names;
    layers ??= [
      { templated: true, vars: sources.extraVars }, { templated: false, vars: snapshot.setFacts }, { templated: false, vars: snapshot.registered },
      { templated: false, vars: magic }, ...[...snapshot.stepVars].reverse().map((vars) => ({ templated: true, vars })),
      { templated: true, vars: host.inventoryVars }, { templated: true, vars: sources.runbook.vars },
    ];
    const pending = [...names];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      const layer = layers.find((l) => Object.hasOwn(l.vars, name!));
      if (!layer?.templated) continue;
      for (const read of readsOf(layer.vars[name], at, new Set())) if (!names.has(read)) names.add(read), pending.push(read);
    }
    return names;
  };
  return {
    render: (value, at, extra) => renderValue(value, withExtra(extra), at),
    renderFile: (text, name, at) => renderText(text, scope, at, { trimBlocks: true, quote: name }),
    evaluate: (expression, at, extra) => evaluate(expression, withExtra(extra), at),
    reads: (value, at) => followed(readsOf(value, at, new Set()), at),
    expressionReads: (expression, at) => followed(expressionReads(expression, at), at),
  };
}

/** Top-level names a bare expression reads. */
export function expressionReads(expression: string, at: SourceRef): Set<string> {
  return new Set(expressionVariables(expression, at));
}
