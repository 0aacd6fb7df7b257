const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A host name with its ranges expanded, and the port given as `host:port`, if any. */
export interface ExpandedHosts {
  readonly hosts: readonly string[];
  readonly port: number | undefined;
}

/** Thrown for a range Ansible would reject or that would yield no host. */
export class HostRangeError extends Error {}

function expandFirstRange(name: string): string[] {
  const open = name.indexOf('[');
  const close = name.indexOf(']', open);
  if (open < 0 || close < 0) return [name];
  const head = name.slice(0, open);
  const tail = name.slice(close + 1);
  const bounds = name.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError(`host range [${bounds.join(':')}] must be [begin:end] or [begin:end:step]`);
  const [begin = '0', end = '', stepText = '1'] = bounds;
  const step = Number(stepText);
  if (!end) throw new HostRangeError('a host range must give its end value, as in web[1:9]');
  if (!Number.isInteger(step) || step < 1) throw new HostRangeError(`the step of a host range must be a positive whole number, not "${stepText}"`);
  const padded = begin.length > 1 && begin.startsWith('0');
  if (padded && begin.length !== end.length) throw new HostRangeError(`[${begin}:${end}]: zero-padded range bounds must have the same length`);
  let values: string[];
  if (LETTERS.includes(begin) && LETTERS.includes(end) && begin.length === 1 && end.length === 1) {
    values = [...LETTERS.slice(LETTERS.indexOf(begin), LETTERS.indexOf(end) + 1)].filter((_, i) => i % step === 0);
  } else if (/^\d+$/.test(begin) && /^\d+$/.test(end)) {
    values = [];
    for (let i = Number(begin); i <= Number(end); i += step) values.push(padded ? String(i).padStart(begin.length, '0') : String(i));
  } else {
    throw new HostRangeError(`[${begin}:${end}] mixes letters and numbers: a range is either web[1:9] or db[a:f]`);
  }
  if (values.length === 0) throw new HostRangeError(`[${begin}:${end}] is empty: the start must not come after the end`);
  return values.flatMap((v) => expandFirstRange(`${head}${v}${tail}`));
}

/** Splits `host:port` and `[ipv6]:port`; the port is undefined when none is given. */
export function splitPort(address: string): { readonly name: string; readonly port: number | undefined } {
  const text = address.trim();
  const ipv6 = /^\[([0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*)\](?::(\d+))?$/.exec(text);
  const hostPort = /^((?:[^:[\]]|\[[^\]]*\])+):(\d+)$/.exec(text);
  const match = ipv6 ?? hostPort;
  if (!match) return { name: text, port: undefined };
  return { name: match[1]!, port: match[2] === undefined ? undefined : Number(match[2]) };
}

/**
 * Expands `web[01:10]`, `db[a:f]`, `x[0:8:4]` and several ranges in one name (the first range
 * outermost, zero padding kept), and splits off a `:port`. Stricter than Ansible: an empty or
 * reversed range is an error, not a silent empty group.
 */
export function expandHostPattern(pattern: string): ExpandedHosts {
  const { name, port } = splitPort(pattern);
  return { hosts: expandFirstRange(name), port };
}
