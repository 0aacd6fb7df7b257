/** A flag as urfave/cli v1 declares it: names without dashes; `value` for flags that take an argument. */
export interface FlagDef { readonly names: readonly string[]; readonly value?: boolean }

/** Parsed flags (by first name; repeatable values collected) and positional arguments. */
export interface Parsed {
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly args: readonly string[];
}

/** A Go `flag` parse error, printed by cli as "Incorrect Usage: …". */
export class UsageError extends Error {}

function findDef(defs: readonly FlagDef[], name: string): FlagDef | undefined {
  return defs.find((d) => d.names.includes(name));
}

/**
 * Parses like Go's `flag` package: `-x`, `--x`, `-x=v`, `-x v`; stops at the first non-flag or `--`.
 * With `reorder` (cli v1 commands), flags after positional arguments are moved in front first.
 */
export function parseFlags(input: readonly string[], defs: readonly FlagDef[], reorder: boolean): Parsed {
  const flags = new Map<string, string[]>();
  const args: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const arg = input[i]!;
    if (arg === '--') { args.push(...input.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') {
      if (!reorder) { args.push(...input.slice(i)); break; }
      args.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const [name, inline] = body.includes('=') ? [body.slice(0, body.indexOf('=')), body.slice(body.indexOf('=') + 1)] : [body, undefined];
    const def = findDef(defs, name);
    if (!def) throw new UsageError(`flag provided but not defined: -${name}`);
    let value = inline ?? 'true';
    if (def.value && inline === undefined) {
      if (i + 1 >= input.length) throw new UsageError(`flag needs an argument: -${name}`);
      value = input[++i]!;
    }
    const key = def.names[0]!;
    flags.set(key, [...(flags.get(key) ?? []), value]);
  }
  return { flags, args };
}

/** True when a boolean flag was given (and not set to false). */
export function hasFlag(parsed: Parsed, name: string): boolean {
  const values = parsed.flags.get(name);
  return values !== undefined && values[values.length - 1] !== 'false';
}

/** The last value of a flag. */
export function flagValue(parsed: Parsed, name: string): string | undefined {
  const values = parsed.flags.get(name);
  return values?.[values.length - 1];
}
