import { checkRunbookHop, type ReleasesData } from '../runbook/index.js';
import { isMapping, pyStr, TemplateFailure, typeName } from './python.js';

const HINT = 'load runbooks/data/ipfs-cluster-releases.yml with the runbook\'s `vars_files:`';

function isReleasesData(value: unknown): value is ReleasesData {
  return isMapping(value) && Array.isArray(value['releases']) && isMapping(value['runbooks']);
}

/**
 * `ipfs_cluster_releases | upgrade_route(from, to, consensus, runbook)`: whether `runbook` may take the
 * hop, as a mapping {allowed, message, route, text} (see `checkRunbookHop`). Pure: it reads no file.
 */
export function upgradeRoute(data: unknown, from: unknown, to: unknown, consensus: unknown, runbook: unknown): unknown {
  if (!isReleasesData(data)) {
    throw new TemplateFailure('type', `upgrade_route needs the releases data (releases and runbooks), not a ${typeName(data)}`, { hint: HINT });
  }
  if (consensus !== 'raft' && consensus !== 'crdt') {
    throw new TemplateFailure('type', `upgrade_route: consensus must be raft or crdt, not ${pyStr(consensus)}`);
  }
  const check = checkRunbookHop(data, { from: pyStr(from), to: pyStr(to), consensus, runbook: pyStr(runbook) });
  return { allowed: check.allowed, message: check.message, text: check.text, route: check.route.map((hop) => ({ ...hop })) };
}
