import { EngineError } from '../core/index.js';
import type { ModuleContext, ModuleDefinition } from './types.js';

interface PauseArgs {
  readonly prompt?: string;
  readonly seconds?: number;
  readonly minutes?: number;
}

function requireAnswerer(context: ModuleContext, what: string): void {
  if (!context.prompter.canAsk && !context.prompter.assumeYes) {
    throw new EngineError('failed', `${what} needs an answer, but there is no terminal to ask`, {
      hint: 'run it on a terminal, or pass --yes to answer yes' });
  }
}

/** Waits a given time, or until the person at the terminal presses Enter (--yes: goes on at once). */
export const pauseModule: ModuleDefinition = {
  name: 'pause',
  acts: 'interactive',
  describe: (args) => {
    const a = (args ?? {}) as PauseArgs;
    const seconds = (a.seconds ?? 0) + (a.minutes ?? 0) * 60;
    return a.seconds !== undefined || a.minutes !== undefined ? `pause ${seconds} s` : `pause until Enter: ${a.prompt ?? ''}`;
  },
  async run(context) {
    const args = (context.render(context.args) ?? {}) as PauseArgs;
    const seconds = (args.seconds ?? 0) + (args.minutes ?? 0) * 60;
    if (args.seconds !== undefined || args.minutes !== undefined) {
      await context.sleep(seconds * 1000);
      return { changed: false, failed: false, msg: `paused ${seconds} s` };
    }
    requireAnswerer(context, 'pause');
    const user_input = context.prompter.assumeYes ? '' : await context.prompter.ask(`${args.prompt ?? 'Press Enter to continue'} `);
    return { changed: false, failed: false, user_input };
  },
};

/** Asks yes/no; anything but yes fails the step (--yes answers yes). */
export const confirmModule: ModuleDefinition = {
  name: 'confirm',
  acts: 'interactive',
  describe: (args) => `confirm: ${(args as { prompt?: string } | null)?.prompt ?? 'continue?'}`,
  async run(context) {
    const prompt = String(context.render((context.args as { prompt?: string } | null)?.prompt ?? 'Continue?'));
    requireAnswerer(context, 'confirm');
    const answer = context.prompter.assumeYes ? 'yes' : (await context.prompter.ask(`${prompt} [yes/no] `)).trim().toLowerCase();
    const yes = answer === 'y' || answer === 'yes';
    return { changed: false, failed: !yes, user_input: answer, ...(yes ? {} : { msg: `not confirmed (answer: "${answer}")` }) };
  },
};
