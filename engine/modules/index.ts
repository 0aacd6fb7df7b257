import type { ModuleName } from '../runbook/index.js';
import { assertModule, failModule, metaModule, setFactModule } from './checks.js';
import { commandModule, shellModule } from './command.js';
import { copyModule, fetchModule, templateModule } from './files.js';
import { httpModule } from './http.js';
import { confirmModule, pauseModule } from './interactive.js';
import type { ModuleDefinition } from './types.js';
import { waitForModule } from './wait-for.js';

/** Every module, by the name a runbook uses. */
export const MODULES: Readonly<Record<ModuleName, ModuleDefinition>> = {
  command: commandModule, shell: shellModule, copy: copyModule, template: templateModule, fetch: fetchModule,
  wait_for: waitForModule, assert: assertModule, fail: failModule, meta: metaModule, set_fact: setFactModule, pause: pauseModule,
  confirm: confirmModule, http: httpModule,
};

export * from './types.js';
export { isTrue } from '../template/index.js';
export { fetchDestination } from './files.js';
