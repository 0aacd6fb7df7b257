/** Level of a go-log style line. */
export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

function clock(): string {
  return new Date().toISOString().slice(11, 23);
}

/** Writes one go-log style line to stderr, as every IPFS Cluster log line goes there. */
export function log(level: Level, facility: string, message: string): void {
  process.stderr.write(`${clock()} ${level.padEnd(7)} ${facility}: ${message}\n`);
}

/** Go's `2006-01-02T15:04:05.000Z0700` in local time (zap's ISO8601TimeEncoder). */
function iso8601(now: Date): string {
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
  const offset = -now.getTimezoneOffset();
  const zone = offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(Math.trunc(offset / 60))}${pad(offset % 60)}`;
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:`
    + `${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}${zone}`;
}

/** A go-log v2 line (zap console encoder): time, level, logger, caller, message, tab-separated; ERROR red when colored. */
export function zapLine(line: { readonly level: 'ERROR'; readonly logger: string; readonly caller: string;
  readonly message: string; readonly isColored: boolean }): string {
  const level = line.isColored ? `\x1b[31m${line.level}\x1b[0m` : line.level;
  return `${iso8601(new Date())}\t${level}\t${line.logger}\t${line.caller}\t${line.message}\n`;
}

/** Prints `error <doing>: <err>` on stderr and exits 1, the way `checkErr` does. */
export function fatal(doing: string, error: string): never {
  process.stderr.write(`error ${doing}: ${error}\n`);
  process.exit(1);
}
