// The docker CLI's flag parsing (cobra/pflag), for the subset the simulator plays: flags before the first argument
// (`docker run` and `docker exec` stop at the image or container), `--name=x` and `--name x`, `-e=x`, grouped
// booleans (`-it`, `-di`), repeatable value flags.

/** One flag: its long name, optional one-letter name, whether it takes a value. */
export interface FlagSpec { readonly long: string; readonly short?: string; readonly hasValue: boolean }

/** Parsed flags (values by long name, repeated ones in order) and the arguments from the first positional on. */
export interface Parsed { readonly values: ReadonlyMap<string, readonly string[]>; readonly rest: readonly string[] }

/** A usage error, as cobra reports it: the message, then `See 'docker <command> --help'.`, exit 125. */
export class UsageError extends Error {}

function take(argv: readonly string[], i: number, flag: string): string {
  const value = argv[i];
  if (value === undefined) throw new UsageError(`flag needs an argument: ${flag}`);
  return value;
}

/** Parses `argv` against `specs`; stops at the first argument that is not a flag (or after `--`). */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Parsed {
  const values = new Map<string, string[]>();
  const add = (spec: FlagSpec, value: string) => values.set(spec.long, [...(values.get(spec.long) ?? []), value]);
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { i++; break; }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const spec = specs.find((s) => s.long === name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`);
      add(spec, spec.hasValue ? inline ?? take(argv, ++i, `--${name}`) : inline ?? 'true');
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const spec = specs.find((s) => s.short === arg[j]);
      if (!spec) throw new UsageError(`unknown shorthand flag: '${arg[j]}' in ${arg}`);
      if (!spec.hasValue) { add(spec, 'true'); continue; }
      const inline = arg.slice(j + 1).replace(/^=/, '');
      add(spec, inline !== '' ? inline : take(argv, ++i, `-${spec.short}`));
      break;
    }
  }
  return { values, rest: argv.slice(i) };
}

/** The last value of a flag, or undefined. */
export function last(parsed: Parsed, long: string): string | undefined {
  return parsed.values.get(long)?.at(-1);
}

/** Whether a boolean flag is on. */
export function isOn(parsed: Parsed, long: string): boolean {
  const value = last(parsed, long);
  return value !== undefined && value !== 'false';
}
