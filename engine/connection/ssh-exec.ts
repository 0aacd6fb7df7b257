import { hrtime } from 'node:process';
import { cappedOutput, type CappedOutput } from './capped-output.js';
import type { Ssh2Channel, Ssh2Client } from './ssh2-types.js';
import type { ExecOptions, ExecResult } from './types.js';

const KILL_GRACE_MS = 2000;
const CLOSE_AFTER_KILL_MS = 2000;

/** The channel could not be opened because the connection is gone: the command never started, so it may be retried. */
export class ChannelLostError extends Error {}

/** The connection died while the command ran: its outcome is unknown, so it is not retried. */
export class TransportLostError extends Error {}

/** A command running on a channel. */
export interface RemoteRun {
  readonly done: Promise<ExecResult>;
  /** Signals the process group (TERM, then KILL after the grace), as a timeout does. */
  readonly terminate: () => void;
}

/** What a remote run needs besides the command line. */
export interface RunSpec {
  readonly line: string;
  readonly options: ExecOptions;
  readonly capBytes: number;
}

const PGID_MARKER = 'runbook-pgid ';
const PGID_LINE = new RegExp(`(^|\\n)${PGID_MARKER}(\\d+)\\n`);

/**
 * Starts a command on a new exec channel of `client`; rejects only when the transport fails. The command line is
 * prefixed with `echo runbook-pgid $$ >&2`: sshd makes each session's shell a session and process-group leader,
 * and `exec` keeps its pid, so that number (taken out of stderr) names the group a timeout kills.
 */
export function runRemote(client: Ssh2Client, spec: RunSpec): RemoteRun {
  let isTerminateAsked = false;
  let terminate = (): void => { isTerminateAsked = true; };
  const done = new Promise<ExecResult>((resolve, reject) => {
    const started = hrtime.bigint();
    const onLost = (error?: Error): void => reject(new TransportLostError(`the connection was lost while the command ran${error ? `: ${error.message}` : ''}`));
    const openChannel = (error: Error | undefined, channel: Ssh2Channel): void => {
      if (error !== undefined) {
        reject(new ChannelLostError(error.message));
        return;
      }
      client.on('close', onLost);
      const stdout = cappedOutput(spec.capBytes);
      const stderr = withoutPgidLine(cappedOutput(spec.capBytes));
      channel.on('data', stdout.add);
      channel.stderr.on('data', stderr.add);
      const stopper = watchForStop(client, channel, { ...spec.options, pgid: stderr.pgid });
      terminate = stopper.terminate;
      if (isTerminateAsked) terminate();
      let exit: { code: number | null; signal: string | null } | undefined;
      channel.on('exit', (code, signal) => { exit = { code, signal: signal ?? null }; });
      channel.on('close', () => {
        stopper.dispose();
        stderr.giveUp();
        client.removeListener('close', onLost);
        if (exit === undefined && !stopper.isStopped()) {
          onLost();
          return;
        }
        resolve({
          exitCode: exit?.code ?? null, signal: exit?.signal ?? null, stdout: stdout.text(), stderr: stderr.text(),
          durationMs: Number(hrtime.bigint() - started) / 1e6, timedOut: stopper.isTimedOut(),
          truncated: stdout.isTruncated() || stderr.isTruncated(),
        });
      });
      channel.end(spec.options.stdin);
    };
    try {
      client.exec(`echo ${PGID_MARKER}$$ >&2; ${spec.line}`, openChannel);
    } catch (error) {
      reject(new ChannelLostError(error instanceof Error ? error.message : String(error)));
    }
  });
  return { done, terminate: () => terminate() };
}

/** Takes the `runbook-pgid N` line out of the start of stderr (anything a login script printed before it stays). */
function withoutPgidLine(output: CappedOutput): CappedOutput & { pgid: Promise<number | undefined>; giveUp(): void } {
  let head: Buffer | undefined = Buffer.alloc(0);
  let found: (pgid: number | undefined) => void = () => undefined;
  const pgid = new Promise<number | undefined>((resolve) => { found = resolve; });
  return {
    ...output,
    pgid,
    giveUp() {
      if (head !== undefined && head.length > 0) output.add(head);
      head = undefined;
      found(undefined);
    },
    add(chunk) {
      if (head === undefined) {
        output.add(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const match = PGID_LINE.exec(head.toString('latin1'));
      if (match === null && head.length < 4096) return;
      found(match === null ? undefined : Number(match[2]));
      const rest = match === null ? head : Buffer.concat([head.subarray(0, match.index + match[1]!.length), head.subarray(match.index + match[0].length)]);
      head = undefined;
      if (rest.length > 0) output.add(rest);
    },
  };
}

interface Stopper {
  readonly terminate: () => void;
  readonly isTimedOut: () => boolean;
  readonly isStopped: () => boolean;
  readonly dispose: () => void;
}

/**
 * Stops the command when the timeout passes or the signal aborts: `kill -TERM -- -PGID` on a second channel
 * (through `sudo -n` for a become command), `-KILL` after the grace, then the channel is closed. (OpenSSH's own
 * `signal` request is not used: sshd ignores it on root logins.)
 */
function watchForStop(client: Ssh2Client, channel: Ssh2Channel, options: ExecOptions & { pgid: Promise<number | undefined> }): Stopper {
  const { timeoutMs, signal } = options;
  const timers: NodeJS.Timeout[] = [];
  let isTimedOut = false;
  let isStopped = false;
  let isDisposed = false;
  // The group's number arrives with the first bytes of stderr; a stop asked for before that waits for it.
  const send = (name: 'TERM' | 'KILL'): void => void options.pgid.then((pgid) => {
    if (pgid === undefined || isDisposed) return;
    const kill = `${options.become === undefined ? '' : 'sudo -n '}kill -${name} -- -${pgid} 2>/dev/null`;
    try {
      client.exec(kill, (error, killer) => (error === undefined ? killer.end() : undefined));
    } catch {
      // the connection is gone: so is the command's channel
    }
  });
  const terminate = (): void => {
    if (isStopped) return;
    isStopped = true;
    send('TERM');
    timers.push(setTimeout(() => {
      send('KILL');
      timers.push(setTimeout(() => channel.close(), CLOSE_AFTER_KILL_MS));
    }, KILL_GRACE_MS));
  };
  if (timeoutMs !== undefined) timers.push(setTimeout(() => { isTimedOut = true; terminate(); }, timeoutMs));
  signal?.addEventListener('abort', terminate, { once: true });
  if (signal?.aborted) terminate();
  return {
    terminate,
    isTimedOut: () => isTimedOut,
    isStopped: () => isStopped,
    dispose() {
      isDisposed = true;
      for (const timer of timers) clearTimeout(timer);
      signal?.removeEventListener('abort', terminate);
    },
  };
}
