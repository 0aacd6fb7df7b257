/** What to run: an argv (no shell involved) or a shell command line (`/bin/sh -c`). */
export type Command =
  | { readonly kind: 'argv'; readonly argv: readonly string[] }
  | { readonly kind: 'shell'; readonly script: string; readonly executable?: string };

export interface ExecOptions {
  /** Extra environment variables, on top of the host's own environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory; relative paths are relative to the host's home. */
  readonly cwd?: string;
  /** Text written to the command's standard input, which is then closed. */
  readonly stdin?: string;
  /** Kill the command (the whole process group) after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Cancels the command, as a timeout does. */
  readonly signal?: AbortSignal;
  /** Run through `sudo -n` as this user (`root` when true). */
  readonly become?: string;
}

/** How a command ended. Never thrown for a non-zero exit: only a broken transport throws. */
export interface ExecResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** Set when the command was killed because it ran past its timeout. */
  readonly timedOut: boolean;
  /** Set when stdout or stderr was longer than the cap and cut (the start and the end are kept). */
  readonly truncated: boolean;
}

/**
 * The one contract between the engine and a host (Ansible's exec / put / fetch / close).
 * Implementations: `local.ts` (child processes) and `ssh.ts`.
 */
export interface Connection {
  readonly host: string;
  exec(command: Command, options?: ExecOptions): Promise<ExecResult>;
  /** Writes `content` to `path` on the host (relative paths: from the host's home), creating folders. */
  put(path: string, content: Buffer, options?: { readonly mode?: number }): Promise<void>;
  /** Reads a file from the host. */
  get(path: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Thrown when the transport itself fails (cannot start a process, connection lost): the host is unreachable. */
export class ConnectionError extends Error {
  constructor(readonly host: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}
