import type { Connection, ExecOptions } from '../connection/index.js';

/** What a gatherer's options hold: the host's inventory variables, on top of the exec options. */
export type GatherOptions = ExecOptions & { readonly vars: Readonly<Record<string, unknown>> };

/** A POSIX sh script and its positional arguments (`$1`…). */
export interface GatherScript {
  readonly script: string;
  readonly args: readonly string[];
}

/** How a gatherer's script ended: its own exit code and output, whether it ran alone or with others. */
export interface ScriptOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fact gatherer as written: a read-only script, and a parser of its output. */
export interface GathererSpec {
  readonly name: string;
  /**
   * Fields that change by themselves (free disk, the clock): a saved plan is not refused because they moved,
   * but the checks that read them run again, so a check they now fail still changes the plan.
   */
  readonly volatile: readonly string[];
  /** The script that reads this gatherer's facts on a host; it must be read-only. */
  command(vars: Readonly<Record<string, unknown>>): GatherScript;
  /**
   * The facts in the script's output, or a GatherError saying why there are none. It may run more read-only
   * commands on the connection when the output does not hold all it needs (a rare configuration).
   */
  parse(output: ScriptOutput, connection: Connection, options: GatherOptions): Promise<Record<string, unknown>>;
}

/** A fact gatherer: its spec, and `gather`, which runs its script alone (one exec) and parses it. */
export interface Gatherer extends GathererSpec {
  /** Runs on one host; returns its facts, or throws a GatherError saying why it could not. */
  gather(connection: Connection, options: GatherOptions): Promise<Record<string, unknown>>;
}

/** A gatherer that could not read its facts: the host is marked failed with this reason. */
export class GatherError extends Error {}
