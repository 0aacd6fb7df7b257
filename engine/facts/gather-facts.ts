import { randomBytes } from 'node:crypto';
import type { Connection } from '../connection/index.js';
import { shellQuote } from '../core/index.js';
import type { GatherOptions, Gatherer, GathererSpec, ScriptOutput } from './types.js';

/** One gatherer's result in a combined gathering: its facts, or why it has none. */
export type GatherResult =
  | { readonly name: string; readonly facts: Record<string, unknown> }
  | { readonly name: string; readonly error: Error };

/** Runs one gatherer's script alone: one exec. */
async function runAlone(spec: GathererSpec, connection: Connection, options: GatherOptions): Promise<ScriptOutput> {
  const { script, args } = spec.command(options.vars);
  const { vars: _vars, ...execOptions } = options;
  return connection.exec({ kind: 'argv', argv: ['sh', '-c', script, `gather-${spec.name}`, ...args] }, execOptions);
}

/** A gatherer from its spec: `gather` runs its script alone and parses the output. */
export function defineGatherer(spec: GathererSpec): Gatherer {
  return { ...spec, gather: async (connection, options) => spec.parse(await runAlone(spec, connection, options), connection, options) };
}

// Each gatherer's script runs in a shell of its own (its own $1…, its own exit code); its stdout goes straight out
// and its stderr is captured, then printed after its exit code. The markers carry a random nonce: a file a script
// prints cannot fake one.
function combinedScript(specs: readonly GathererSpec[], vars: GatherOptions['vars'], nonce: string): string {
  return specs.map((spec) => {
    const { script, args } = spec.command(vars);
    const argv = ['sh', '-c', script, `gather-${spec.name}`, ...args].map(shellQuote).join(' ');
    return `printf '\\n== %s begin %s\\n' ${nonce} ${spec.name}\n`
      // the x keeps the trailing newlines of stderr, which $( ) would drop
      + `{ e=$(${argv} 2>&1 >&3 3>&-; r=$?; printf x; exit $r); r=$?; e=\${e%x}; } 3>&1\n`
      + `printf '\\n== %s stderr %s %s\\n%s\\n== %s end %s\\n' ${nonce} ${spec.name} "$r" "$e" ${nonce} ${spec.name}`;
  }).join('\n');
}

/** One gatherer's part of the combined output; undefined when it is not all there (the output was cut). */
function outputOf(stdout: string, name: string, nonce: string): ScriptOutput | undefined {
  const begin = `\n== ${nonce} begin ${name}\n`;
  const start = stdout.indexOf(begin);
  const middle = stdout.indexOf(`\n== ${nonce} stderr ${name} `, start);
  const end = stdout.indexOf(`\n== ${nonce} end ${name}\n`, middle);
  if (start < 0 || middle < 0 || end < 0) return undefined;
  const codeLine = stdout.indexOf('\n', middle + 1 + `== ${nonce} stderr ${name} `.length);
  const exitCode = Number(stdout.slice(middle + `\n== ${nonce} stderr ${name} `.length, codeLine));
  return { exitCode: Number.isInteger(exitCode) ? exitCode : null, stdout: stdout.slice(start + begin.length, middle),
    stderr: stdout.slice(codeLine + 1, end) };
}

/**
 * Every gatherer's facts on one host from ONE remote exec: their scripts run one after the other in one shell,
 * each parsed as if it had run alone. A gatherer whose part of the output is missing (cut at the output cap) runs
 * alone. Results come in the gatherers' order; only a broken transport throws (ConnectionError).
 */
export async function gatherAll(gatherers: readonly GathererSpec[], connection: Connection, options: GatherOptions): Promise<GatherResult[]> {
  if (!gatherers.length) return [];
  const nonce = `runbook-facts-${randomBytes(8).toString('hex')}`;
  const { vars: _vars, ...execOptions } = options;
  const combined = await connection.exec({ kind: 'argv', argv: ['sh', '-c', combinedScript(gatherers, options.vars, nonce), 'gather-facts'] }, execOptions);
  const results: GatherResult[] = [];
  for (const spec of gatherers) {
    const output = outputOf(combined.stdout, spec.name, nonce) ?? await runAlone(spec, connection, options);
    try {
      results.push({ name: spec.name, facts: await spec.parse(output, connection, options) });
    } catch (error) {
      results.push({ name: spec.name, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return results;
}
