/** One line of the bench table: a figure, ours, the anchor it is measured against, their ratio, the goal. */
export interface BenchRow {
  readonly figure: string;
  readonly ours: string;
  /** What the same work costs elsewhere (ansible, raw OpenSSH…), or why there is no such figure. */
  readonly anchor: string;
  readonly ratio: string;
  readonly goal: string;
  /** Whether the goal is met; undefined when it could not be told (the anchor is not installed). */
  readonly isMet: boolean | undefined;
}

/** Seconds with two decimals, the unit included. */
export function seconds(value: number): string {
  return `${value.toFixed(2)} s`;
}

/** The table as Markdown, one row per figure; the README shows it as printed. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['figure', 'ours', 'anchor', 'ratio', 'goal', 'met'];
  const cells = rows.map((r) => [r.figure, r.ours, r.anchor, r.ratio, r.goal, r.goal === '-' ? '-' : r.isMet === undefined ? '?' : r.isMet ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((text, i) => text.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Whether a command is on the PATH (ansible-core is an anchor, never required). */
export async function hasCommand(name: string): Promise<boolean> {
  const { spawnSync } = await import('node:child_process');
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
