const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration written as seconds (`30`) or with units (`500ms`, `60s`, `1h30m`). */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return value * 1000;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * UNITS[unit!]!;
  }
  return total;
}

/** Whether a value is a `{{ … }}` template, rendered only when the step runs. */
export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}
