import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The rehearsal runs the engine as the operator would: `runbook exec` as a process of its own, which it can kill.
const CLI = fileURLToPath(new URL('../engine/cli/main.js', import.meta.url));

/** One engine event as `--output json` prints it (schemas/events.schema.json); only the fields a rehearsal reads. */
export interface EngineEvent {
  readonly type: string;
  readonly id?: string;
  readonly host?: string;
  readonly runId?: string;
  readonly outcome?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** How an engine command ended. */
export interface EngineRun {
  /** The engine command run: `exec`, `exec --resume` or `rollback`. */
  readonly command: 'exec' | 'resume' | 'rollback' | 'plan';
  readonly exitCode: number | null;
  readonly events: readonly EngineEvent[];
  readonly stdout: string;
  readonly stderr: string;
  readonly runId?: string;
}

// The engine processes running now: a rehearsal that is stopped kills them (a twin's run would otherwise go on alone).
const LIVE = new Set<ReturnType<typeof spawn>>();

/** Kills every engine process a rehearsal started and that still runs. */
export function killEngineRuns(): void {
  for (const child of LIVE) if (child.exitCode === null) child.kill('SIGKILL');
}

function commandOf(args: readonly string[]): EngineRun['command'] {
  return args.includes('--resume') ? 'resume' : args[0] === 'rollback' ? 'rollback' : args[0] === 'plan' ? 'plan' : 'exec';
}

function parseLine(line: string): EngineEvent | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && typeof (value as EngineEvent).type === 'string' ? value as EngineEvent : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `runbook ARGS` (give `--output json` for events) in `cwd` (its own .runbook/); `onEvent` sees each event as it is printed and may
 * kill the controller with SIGKILL. Resolves when the process ends; after `timeoutMs` it is killed.
 */
export function runEngine(args: readonly string[], options: { cwd: string; timeoutMs: number;
  onEvent?: (event: EngineEvent, kill: () => void) => void; }): Promise<EngineRun> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  LIVE.add(child);
  const events: EngineEvent[] = [];
  let pending = '';
  let stderr = '';
  let stdout = '';
  const kill = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
  const timer = setTimeout(kill, options.timeoutMs);
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const event of lines.map(parseLine)) {
      if (!event) continue;
      events.push(event);
      options.onEvent?.(event, kill);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    LIVE.delete(child);
    const runId = events.find((e) => e.type === 'run-start')?.runId;
    resolve({ command: commandOf(args), exitCode: code, events, stdout, stderr, ...(runId ? { runId } : {}) });
  }));
}
