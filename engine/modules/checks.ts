import { isTrue } from '../template/index.js';
import type { ModuleDefinition } from './types.js';

interface AssertArgs {
  readonly that: string | boolean | readonly (string | boolean)[];
  readonly msg?: string;
  readonly fail_msg?: string;
  readonly success_msg?: string;
}

function conditions(args: AssertArgs): string[] {
  return (Array.isArray(args.that) ? args.that : [args.that]).map(String);
}

/** Ansible's assert: every expression of `that` must hold. */
export const assertModule: ModuleDefinition = {
  name: 'assert',
  acts: 'controller',
  describe: (args) => {
    const all = conditions(args as AssertArgs);
    // `a or b` next to other conditions reads as (a or b): say so
    return `assert ${all.map((c) => (all.length > 1 && / or /.test(c) ? `(${c})` : c)).join(' and ')}`;
  },
  async run(context) {
    const args = context.args as AssertArgs;
    for (const condition of conditions(args)) {
      if (!isTrue(context.evaluate(condition))) {
        const written = args.fail_msg ?? args.msg;
        const msg = written === undefined ? `assertion failed: ${condition}` : String(context.render(written));
        return { changed: false, failed: true, msg, assertion: condition };
      }
    }
    return { changed: false, failed: false, msg: args.success_msg === undefined ? 'all assertions passed' : String(context.render(args.success_msg)) };
  },
};

/** Ansible's fail: always fails, with a message. */
export const failModule: ModuleDefinition = {
  name: 'fail',
  acts: 'controller',
  describe: (args) => `fail: ${(args as { msg?: string } | null)?.msg ?? 'failed as requested'}`,
  async run(context) {
    const msg = (context.args as { msg?: string } | null)?.msg;
    return { changed: false, failed: true, msg: msg === undefined ? 'failed as requested' : String(context.render(msg)) };
  },
};

/** Ansible's `meta: end_host`: the host is done, successfully; the executor starts nothing more on it. */
export const metaModule: ModuleDefinition = {
  name: 'meta',
  acts: 'controller',
  describe: () => 'end the run for this host: nothing after this step runs on it',
  async run() {
    return { changed: false, failed: false, end_host: true };
  },
};

/** Ansible's set_fact: variables for this host, rendered now, stored as data for the rest of the run. */
export const setFactModule: ModuleDefinition = {
  name: 'set_fact',
  acts: 'controller',
  describe: (args) => `set ${Object.keys(args as object).join(', ')}`,
  async run(context) {
    const facts = context.render(context.args) as Record<string, unknown>;
    return { changed: false, failed: false, facts };
  },
};
