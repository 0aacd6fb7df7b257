// Python's string.ascii_letters, the order Ansible's letter ranges follow (`[y:B]` is y z A B).
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** How many hosts an inventory may hold, and one range may make, unless `--max-hosts` says otherwise. */
export const DEFAULT_MAX_HOSTS = 100_000;

/** A host name with its ranges expanded, and the port given as `host:port`, if any. */
export interface ExpandedHosts {
  readonly hosts: readonly string[];
  readonly port: number | undefined;
}

/** Thrown for a range Ansible would reject, that would yield no host, or that makes too many hosts. */
export class HostRangeError extends Error {}

/** The values of one `[begin:end(:step)]`, in order, as text (zero padding kept). */
interface RangeValues {
  readonly count: number;
  readonly at: (i: number) => string;
}

function rangeValues(body: string): RangeValues {
  const bounds = body.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError(`host range [${body}] must be [begin:end] or [begin:end:step]`);
  // as Ansible: an omitted begin is 0 (`web[:3]` is web0 … web3); the end is required
  const [begin = '', end = '', stepText = '1'] = bounds;
  const start = begin || '0';
  if (!end) throw new HostRangeError('a host range must give its end value, as in web[1:9]');
  const step = /^\d+$/.test(stepText) ? Number(stepText) : NaN;
  if (!(step >= 1)) throw new HostRangeError(`the step of a host range must be a positive whole number, not "${stepText}"`);
  const width = start.length > 1 && start.startsWith('0') ? start.length : 0;
  if (width && width !== end.length) throw new HostRangeError(`[${body}]: zero-padded range bounds must have the same length`);
  let first: number;
  let last: number;
  let text: (n: number) => string;
  if (start.length === 1 && end.length === 1 && LETTERS.includes(start) && LETTERS.includes(end)) {
    [first, last, text] = [LETTERS.indexOf(start), LETTERS.indexOf(end), (n) => LETTERS[n]!];
  } else if (/^\d+$/.test(start) && /^\d+$/.test(end)) {
    [first, last, text] = [Number(start), Number(end), (n) => String(n).padStart(width, '0')];
  } else if (/^[A-Za-z]+$/.test(start) && /^[A-Za-z]+$/.test(end)) {
    // Ansible finds "ab" inside its alphabet and reads [ab:c] as [a:c]: a quirk we do not copy
    throw new HostRangeError(`[${body}]: the bounds of a letter range are single letters, as in db[a:f]`);
  } else {
    throw new HostRangeError(`[${body}] mixes letters and numbers: a range is either web[1:9] or db[a:f]`);
  }
  if (first > last) throw new HostRangeError(`[${body}] is empty: the start must not come after the end`);
  return { count: Math.floor((last - first) / step) + 1, at: (i) => text(first + i * step) };
}

/** Splits `r[1:2]-n[a:b]` into its texts and ranges: texts.length === ranges.length + 1. */
function segmentsOf(name: string): { texts: string[]; ranges: RangeValues[] } {
  const texts: string[] = [];
  const ranges: RangeValues[] = [];
  let rest = name;
  for (let open = rest.indexOf('['); open >= 0; open = rest.indexOf('[')) {
    const close = rest.indexOf(']', open);
    if (close < 0) break;
    texts.push(rest.slice(0, open));
    ranges.push(rangeValues(rest.slice(open + 1, close)));
    rest = rest.slice(close + 1);
  }
  texts.push(rest);
  return { texts, ranges };
}

function expandRanges(name: string, maxHosts: number): string[] {
  const { texts, ranges } = segmentsOf(name);
  const total = ranges.reduce((product, range) => product * range.count, 1);
  if (total > maxHosts) {
    throw new HostRangeError(`its ranges make ${total.toLocaleString('en-US')} hosts, over the limit of ${maxHosts.toLocaleString('en-US')}`
      + ' (raise it with --max-hosts N)');
  }
  let names = [texts[0]!];
  // the first range is the outermost loop, as in Ansible
  for (const [r, range] of ranges.entries()) {
    const next: string[] = [];
    for (const head of names) for (let i = 0; i < range.count; i++) next.push(`${head}${range.at(i)}${texts[r + 1]!}`);
    names = next;
  }
  return names;
}

/**
 * Thrown when a new host would pass the inventory's cap. Only the first such error is worth
 * reporting (`isFirst`): every later host fails the same way.
 */
export class HostLimitError extends Error {
  constructor(message: string, readonly isFirst: boolean) {
    super(message);
  }
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
 * Expands `web[01:10]`, `db[a:f]`, `x[0:8:4]`, `web[:3]` and several ranges in one name (the
 * first range outermost, zero padding kept), and splits off a `:port`. Stricter than Ansible: an
 * empty or reversed range is an error, not a silent empty group, and so is a range that would
 * make more than `maxHosts` hosts (counted before any is made).
 */
export function expandHostPattern(pattern: string, maxHosts = DEFAULT_MAX_HOSTS): ExpandedHosts {
  const { name, port } = splitPort(pattern);
  return { hosts: expandRanges(name, maxHosts), port };
}

/**
 * Expands `pattern` and calls `add` for each host, for the parsers of every inventory format.
 * Returns the message to report when the range is invalid or the hosts pass the cap (the cap
 * once per inventory: undefined after the first), else undefined.
 */
export function forEachHost(pattern: string, maxHosts: number, add: (name: string, port: number | undefined) => void): string | undefined {
  // the common case, a plain name: no range, no port, nothing to trim, one host (what expandHostPattern returns too)
  const isPlainName = maxHosts >= 1 && !pattern.includes('[') && !pattern.includes(':') && pattern.trim() === pattern;
  try {
    if (isPlainName) {
      add(pattern, undefined);
      return undefined;
    }
    const { hosts, port } = expandHostPattern(pattern, maxHosts);
    for (const name of hosts) add(name, port);
    return undefined;
  } catch (error) {
    if (error instanceof HostLimitError) return error.isFirst ? `host "${pattern}": ${error.message}` : undefined;
    if (error instanceof HostRangeError) return `host "${pattern}": ${error.message}`;
    throw error;
  }
}
