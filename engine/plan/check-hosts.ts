import type { Diagnostic } from '../core/index.js';
import type { Inventory } from '../inventory/index.js';
import { allTasks, type Runbook } from '../runbook/index.js';
import { spanOf } from '../source/index.js';

/** Checks what needs the inventory: every `delegate_to` written as a plain name must be one of its hosts. */
export function checkRunbookHosts(runbook: Runbook, inventory: Inventory): Diagnostic[] {
  return allTasks(runbook)
    .filter((t) => t.delegateTo !== undefined && !t.delegateTo.includes('{{') && !inventory.hosts.has(t.delegateTo))
    .map((t) => ({ ...spanOf({ file: t.at.file, path: [...t.at.path, 'delegate_to'] }), code: 'inventory' as const, severity: 'error' as const,
      path: '', message: `delegate_to: "${t.delegateTo}" is not a host of the inventory`, hint: 'delegate to one of the inventory\'s hosts' }));
}
