/** Level of a go-log style line. */
export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

function clock(): string {
  return new Date().toISOString().slice(11, 23);
}

/** Writes one go-log style line to stderr, as every IPFS Cluster log line goes there. */
export function log(level: Level, facility: string, message: string): void {
  process.stderr.write(`${clock()} ${level.padEnd(7)} ${facility}: ${message}\n`);
}

/** Prints `error <doing>: <err>` on stderr and exits 1, the way `checkErr` does. */
export function fatal(doing: string, error: string): never {
  process.stderr.write(`error ${doing}: ${error}\n`);
  process.exit(1);
}
