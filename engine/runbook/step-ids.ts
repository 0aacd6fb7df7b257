import type { Block, Include, Step, Task } from './types.js';

/**
 * Gives every step of a loaded runbook its id, once: the executor, the journal, resume and the views all use these.
 *
 * `4.2.1` is the first step of the second step of the fourth; a block's sections go on from its id (`3.rescue.1`,
 * `3.always.1`, `3.gate`); a task's undo hooks are `<its id>.undo`; the runbook-level rollback is `rollback.1`, ….
 */
export function numberSteps(steps: readonly Step[], prefix: string): Step[] {
  return steps.map((step, index) => numbered(step, `${prefix}${index + 1}`));
}

function numbered(step: Step, id: string): Step {
  if (step.kind === 'task') return numberTask(step, id);
  if (step.kind === 'include') return { ...step, id, steps: numberSteps(step.steps, `${id}.`) } satisfies Include;
  return {
    ...step, id,
    steps: numberSteps(step.steps, `${id}.`),
    rescue: numberSteps(step.rescue, `${id}.rescue.`),
    always: numberSteps(step.always, `${id}.always.`),
    gate: step.gate && numberTask(step.gate, `${id}.gate`),
  } satisfies Block;
}

function numberTask(task: Task, id: string): Task {
  return { ...task, id, rollback: task.rollback.map((undo) => ({ ...undo, id: `${id}.undo` })) };
}

/** The runbook-level rollback's tasks: `rollback.1`, `rollback.2`, …. */
export function numberRollback(tasks: readonly Task[]): Task[] {
  return tasks.map((task, index) => numberTask(task, `rollback.${index + 1}`));
}

/**
 * Every step of a list, depth first, each before the steps it holds: a block's steps, rescue, always and gate, an
 * include's steps, a task's undo hooks. The one walk over a runbook's tree that the checks and digests share.
 */
export function allSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((step): Step[] => {
    if (step.kind === 'task') return [step, ...step.rollback];
    if (step.kind === 'include') return [step, ...allSteps(step.steps)];
    return [step, ...allSteps(step.steps), ...allSteps(step.rescue), ...allSteps(step.always), ...(step.gate ? [step.gate] : [])];
  });
}

/** Every task of a runbook, its runbook-level rollback included. */
export function allTasks(runbook: { readonly steps: readonly Step[]; readonly rollback: readonly Task[] }): Task[] {
  return allSteps([...runbook.steps, ...runbook.rollback]).filter((step): step is Task => step.kind === 'task');
}
