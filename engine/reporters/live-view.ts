import type { ChalkInstance } from 'chalk';
import { Listr, type DefaultRenderer, type ListrTaskWrapper, type SimpleRenderer } from 'listr2';
import { visibleDeep } from '../core/index.js';
import type { RunEvent } from '../executor/index.js';

/** Above this many hosts a step shows counts per status, not a line per host. */
const HOSTS_SHOWN = 8;

interface StepState {
  name: string;
  readonly hosts: Map<string, { status: string; detail?: string }>;
}

type Task = ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof SimpleRenderer>;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

/**
 * The live view on a terminal: a listr2 task per top-level step, each showing its inner steps with
 * a status per host (or counts per status when there are many hosts), retries, skips with their
 * reason and undo hooks as they run. A view over the run's events, nothing more.
 */
export class LiveView {
  private readonly steps = new Map<string, StepState>();
  private readonly tasks = new Map<string, Task>();
  private readonly ends = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  private readonly undos: string[] = [];
  private current: string | undefined;
  private title: string | undefined;
  private readonly started = deferred();
  private notice: string | undefined;
  private readonly listr: Listr<unknown, 'default', 'simple'>;
  readonly done: Promise<void>;

  /**
   * `interrupts` (the first and second Ctrl-C) are only shown: what they do is the executor's business.
   * listr2's own SIGINT handler (which ends the process with 127 at once) is left out.
   */
  constructor(topSteps: readonly { readonly id: string; readonly name: string }[], private readonly chalk: ChalkInstance,
    interrupts?: { readonly stop: AbortSignal; readonly kill: AbortSignal }) {
    for (const step of topSteps) this.ends.set(step.id, deferred());
    this.listr = new Listr<unknown, 'default', 'simple'>([{
      // the run's id first, as every output mode shows it (for `runbook show ID`, `--resume ID`)
      title: 'run',
      task: async (_ctx, task) => {
        await this.started.promise;
        if (this.title) task.title = this.title;
      },
    }, ...topSteps.map((step) => ({
      title: `${step.id}. ${step.name}`,
      rendererOptions: { persistentOutput: true },
      task: async (_ctx: unknown, task: Task) => {
        this.tasks.set(step.id, task);
        this.render(step.id);
        await this.ends.get(step.id)!.promise;
        this.render(step.id);
        const states = [...this.steps.entries()].filter(([id]) => id === step.id || id.startsWith(`${step.id}.`));
        if (!states.length) task.skip(`${step.id}. ${step.name} (not reached)`);
        else if (states.some(([, s]) => [...s.hosts.values()].some((h) => h.status === 'failed' || h.status === 'unreachable'))) {
          throw new Error(`${step.id}. ${step.name}: failed on ${[...new Set(states.flatMap(([, s]) => [...s.hosts].filter(([, h]) => h.status === 'failed').map(([n]) => n)))].join(', ')}`);
        }
      },
    }))], { concurrent: false, exitOnError: false, renderer: 'default', fallbackRenderer: 'simple', registerSignalListeners: false,
      rendererOptions: { collapseSubtasks: false, collapseErrors: false, showErrorMessage: true } });
    this.done = this.listr.run().then(() => undefined, () => undefined);
    interrupts?.stop.addEventListener('abort', () => this.notify(`interrupted (${String(interrupts.stop.reason)}): no new step starts; running steps end`), { once: true });
    interrupts?.kill.addEventListener('abort', () => this.notify(`interrupted again (${String(interrupts.kill.reason)}): killing the running steps`), { once: true });
  }

  private notify(text: string): void {
    this.notice = text;
    if (this.current !== undefined) this.render(this.current);
  }

  /** Takes one event of the run. */
  emit(raw: RunEvent): void {
    const event = visibleDeep(raw);
    if (event.type === 'run-start') {
      this.title = `run ${event.runId}: ${event.runbook} on ${event.hosts.length} host(s)`;
      this.started.resolve();
      return;
    }
    if (event.type === 'run-end') {
      this.started.resolve();
      for (const end of this.ends.values()) end.resolve();
      return;
    }
    if (event.type === 'undo') this.undos.push(`${event.host}: ${event.description} … ${event.status}`);
    if (event.type !== 'step-start' && event.type !== 'step-end' && event.type !== 'retry') return;
    const top = event.id.split('.')[0]!;
    if (this.current !== top && this.ends.has(top)) {
      if (this.current !== undefined && !event.id.includes('undo')) this.ends.get(this.current)?.resolve();
      this.current = top;
    }
    let state = this.steps.get(event.id);
    if (!state) this.steps.set(event.id, (state = { name: 'name' in event ? event.name : event.id, hosts: new Map() }));
    if (event.type === 'step-start') state.hosts.set(event.host, { status: 'running' });
    else if (event.type === 'retry') state.hosts.set(event.host, { status: 'running', detail: `retry ${event.attempt}/${event.of}` });
    else state.hosts.set(event.host, { status: event.status, ...(event.reason ? { detail: event.reason } : {}) });
    this.render(top);
  }

  private line(id: string, state: StepState): string {
    const c = this.chalk;
    const mark: Record<string, string> = { ok: c.green('✔'), changed: c.yellow('✎'), failed: c.red('✖'), unreachable: c.magenta('⚠'),
      skipped: c.dim('↷'), running: c.cyan('…'), 'would-run': c.cyan('○'), runtime: c.cyan('?') };
    const hosts = [...state.hosts.entries()];
    if (hosts.length > HOSTS_SHOWN) {
      const counts = new Map<string, number>();
      for (const [, h] of hosts) counts.set(h.status, (counts.get(h.status) ?? 0) + 1);
      return `${id} ${state.name}: ${[...counts].map(([s, n]) => `${mark[s] ?? s} ${n} ${s}`).join(' · ')}`;
    }
    const each = hosts.map(([name, h]) => `${mark[h.status] ?? h.status} ${name}${h.detail ? c.dim(` (${h.detail})`) : ''}`);
    return `${id} ${state.name}: ${each.join('  ')}`;
  }

  private render(top: string): void {
    const task = this.tasks.get(top);
    if (!task) return;
    const lines = [...this.steps.entries()].filter(([id]) => (id === top || id.startsWith(`${top}.`)) && !id.includes('undo'))
      .map(([id, state]) => this.line(id, state));
    const undos = this.undos.slice(-HOSTS_SHOWN).map((u) => this.chalk.yellow(`↶ undo ${u}`));
    const notice = this.notice && top === this.current ? [this.chalk.yellow(`⏸ ${this.notice}`)] : [];
    task.output = [...lines.slice(-HOSTS_SHOWN * 2), ...undos, ...notice].join('\n');
  }
}
