/** The runbook as written in YAML, after the schema accepted it (snake_case, loosely typed). */
export interface WrittenRunbook {
  readonly runbook: string;
  readonly description?: string;
  readonly hosts: string;
  readonly params?: Record<string, WrittenParam>;
  readonly vars?: Record<string, unknown>;
  readonly vars_files?: readonly string[];
  readonly facts?: readonly string[];
  readonly forks?: number;
  readonly summary?: Record<string, string>;
  readonly steps: readonly WrittenStep[];
  readonly rollback?: WrittenStep | readonly WrittenStep[];
}

export interface WrittenParam {
  readonly type?: string;
  readonly required?: boolean;
  readonly default?: unknown;
  readonly description?: string;
  readonly choices?: readonly unknown[];
  readonly secret?: boolean;
}

/** A step as written: any of the step keys, one module key among them for a task. */
export type WrittenStep = Readonly<Record<string, unknown>> & {
  readonly name?: string;
  readonly when?: string | boolean | readonly (string | boolean)[];
  readonly tags?: string | readonly string[];
  readonly vars?: Record<string, unknown>;
  readonly environment?: Record<string, unknown>;
  readonly steps?: readonly WrittenStep[];
  readonly include?: string;
  readonly rollback?: WrittenStep | readonly WrittenStep[];
  readonly rescue?: readonly WrittenStep[];
  readonly always?: readonly WrittenStep[];
  readonly gate?: WrittenStep;
  readonly serial?: number | string | readonly (number | string)[];
  readonly parallel?: boolean | number;
  readonly approve?: boolean | 'once';
  readonly check_mode?: 'skip' | 'run' | { assume: Record<string, unknown> };
};
