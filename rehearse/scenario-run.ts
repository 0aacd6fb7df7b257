import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { observeTwin } from './observe.js';
import { runEngine } from './run-engine.js';
import { compareScenario, type Mismatch, type Scenario } from './scenario.js';
import type { ClusterShape } from './shape.js';
import { buildTwin } from './twin.js';

/** A scenario's result: pass, or the first expectation it missed. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly mismatch?: Mismatch;
  /** The last lines the run printed (stdout, then stderr), shown under a failure. */
  readonly tail: readonly string[];
  readonly durationMs: number;
}

/** The twin's shape for a scenario: peers peer1…peerN in the group `cluster`, the scenario's release, consensus and pins. */
export function scenarioShape(scenario: Scenario): ClusterShape {
  const hosts = Array.from({ length: scenario.cluster.peers }, (_, i) => `peer${i + 1}`);
  return { hosts, groups: { cluster: hosts }, vars: Object.fromEntries(hosts.map((h) => [h, {}])), version: scenario.cluster.release,
    consensus: scenario.cluster.consensus, pinCount: scenario.cluster.pins, config: {}, datastore: null };
}

/**
 * Runs one scenario in `dir` (made, then removed): builds its twin, reads it, arms its faults, runs
 * `runbook exec` with its -e values (`--output plain`), reads the twin again, tears it down and compares.
 */
export async function runScenario(scenario: Scenario, dir: string, timeoutMs: number): Promise<ScenarioResult> {
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const twin = await buildTwin(scenarioShape(scenario), join(dir, 'twin'));
  try {
    const before = await observeTwin(twin);
    for (const host of twin.hosts) {
      const faults = scenario.faults[host.name];
      if (faults) writeFileSync(join(host.home, '.sim', 'faults'), `${faults.join('\n')}\n`);
    }
    const vars = join(dir, 'extra-vars.json');
    writeFileSync(vars, JSON.stringify(scenario.extraVars), { mode: 0o600 });
    const run = await runEngine(['exec', scenario.runbookFile, '-i', twin.inventory, '-e', `@${vars}`, '--output', 'plain'],
      { cwd: twin.dir, timeoutMs });
    const after = await observeTwin(twin);
    const output = `${run.stdout}\n${run.stderr}`;
    const mismatch = compareScenario(scenario.expect, { exit: run.exitCode, output, before, after });
    const tail = output.split('\n').filter((l) => l.trim()).slice(-6);
    return { scenario, ...(mismatch ? { mismatch } : {}), tail, durationMs: Date.now() - started };
  } finally {
    twin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
