/** The faults a rehearsal can inject: the simulator's, a host cut off mid-run, and the controller killed and resumed. */
export type FaultKind = 'none' | 'install-fails' | 'never-ready' | 'crash-at-start' | 'disk-full' | 'unreachable' | 'controller-killed';

/** Every fault kind a cell can have (`none` is the baseline's), in the order the report shows them. */
export const FAULT_KINDS: readonly Exclude<FaultKind, 'none'>[] = ['install-fails', 'never-ready', 'crash-at-start', 'disk-full', 'unreachable', 'controller-killed'];

/** One cell of the matrix: a fault met at a step, on a peer (none for the controller). */
export interface Cell {
  readonly id: string;
  readonly step: string;
  readonly stepName: string;
  readonly fault: FaultKind;
  readonly peer: string | null;
  /** The simulator's fault word written to the peer's faults file, e.g. `never-ready@0.10.1`. */
  readonly simFault?: string;
}

/** What the matrix needs of a plan step (PlanDocument's steps): its id, name, and per host its mark and command. */
export interface PlanStepLike {
  readonly id: string;
  readonly name: string;
  readonly entries: readonly { readonly host: string; readonly mark: string; readonly readOnly: boolean; readonly description: string }[];
}

/** Which cells to keep: fault kinds, peers, step ids (a step id also selects the steps inside it: 4.2 keeps 4.2.1). */
export interface CellFilter {
  readonly faults?: readonly string[];
  readonly peers?: readonly string[];
  readonly steps?: readonly string[];
}

const INSTALL = /(?:^|\s)ipfs-cluster-install\s+'?([\w.-]+)'?/;
const START = /(?:^|\s)ipfs-cluster-sim-start(?:\s|$)/;

function changesOn(step: PlanStepLike): PlanStepLike['entries'] {
  return step.entries.filter((e) => !e.readOnly && (e.mark === 'will run' || e.mark === 'decided at run time'));
}

function cell(step: PlanStepLike, fault: FaultKind, peer: string | null, simFault?: string): Cell {
  return { id: `${step.id} ${simFault ?? fault} ${peer ?? 'controller'}`, step: step.id, stepName: step.name, fault, peer, ...(simFault ? { simFault } : {}) };
}

/**
 * The cells of a plan (data in, data out): for each step that changes something, on each peer it runs on, the faults
 * that step can meet: an install command can fail (`install-fails@<its version>`); a start of the daemon can crash,
 * never be READY or find the disk full (scoped to the release the peer's last install put there, else its current
 * one); any such step can lose its host mid-run; and the controller can be killed at it (one cell, no peer). A
 * simulator fault a peer meets at an earlier step is left to that step: it would fire there first.
 */
export function planCells(steps: readonly PlanStepLike[], currentVersion: string, filter: CellFilter = {}): Cell[] {
  const installed = new Map<string, string>();
  const seen = new Set<string>();
  const cells: Cell[] = [];
  for (const step of steps) {
    const entries = changesOn(step);
    if (!entries.length) continue;
    for (const entry of entries) {
      const install = INSTALL.exec(entry.description);
      const version = installed.get(entry.host) ?? currentVersion;
      const sim: [FaultKind, string][] = install ? [['install-fails', `install-fails@${install[1]}`]]
        : START.test(entry.description) ? (['never-ready', 'crash-at-start', 'disk-full'] as const).map((f) => [f, `${f}@${version}`]) : [];
      for (const [fault, word] of sim) {
        if (!seen.has(`${entry.host} ${word}`)) cells.push(cell(step, fault, entry.host, word));
        seen.add(`${entry.host} ${word}`);
      }
      if (install) installed.set(entry.host, install[1]!);
      cells.push(cell(step, 'unreachable', entry.host));
    }
    cells.push(cell(step, 'controller-killed', null));
  }
  return cells.filter((c) => keeps(c, filter));
}

function keeps(c: Cell, filter: CellFilter): boolean {
  return (!filter.faults?.length || filter.faults.includes(c.fault))
    && (!filter.peers?.length || c.peer === null || filter.peers.includes(c.peer))
    && (!filter.steps?.length || filter.steps.some((s) => c.step === s || c.step.startsWith(`${s}.`)));
}

/** The fault kinds and step ids a filter names that no cell of the plan has: each is a likely typo. */
export function unknownFilterTerms(all: readonly Cell[], filter: CellFilter): string[] {
  const bad = (filter.faults ?? []).filter((f) => !(FAULT_KINDS as readonly string[]).includes(f)).map((f) => `fault "${f}" (known: ${FAULT_KINDS.join(', ')})`);
  const steps = (filter.steps ?? []).filter((s) => !all.some((c) => c.step === s || c.step.startsWith(`${s}.`)))
    .map((s) => `step "${s}" (steps that change something: ${[...new Set(all.map((c) => c.step))].join(', ')})`);
  return [...bad, ...steps];
}
