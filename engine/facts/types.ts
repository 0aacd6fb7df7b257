import type { Connection, ExecOptions } from '../connection/index.js';

/** A fact gatherer: read-only commands on a host, and a parser of their output. */
export interface Gatherer {
  readonly name: string;
  /**
   * Fields that change by themselves (free disk, the clock): a saved plan is not refused because they moved,
   * but the checks that read them run again, so a check they now fail still changes the plan.
   */
  readonly volatile: readonly string[];
  /** Runs on one host; returns its facts, or throws a GatherError saying why it could not. */
  gather(connection: Connection, options: ExecOptions & { readonly vars: Readonly<Record<string, unknown>> }): Promise<Record<string, unknown>>;
}

/** A gatherer that could not read its facts: the host is marked failed with this reason. */
export class GatherError extends Error {}
