/**
 * `npm run demo`: the whole story on the embedded simulated cluster. Starts three peers at 0.9.0,
 * shows the dry-run plan of upgrade-standard to 0.10.1, runs it, runs it again (nothing left to do:
 * every peer is at 0.10.1), lists the runs, shows the cluster after, and stops the peers. Everything
 * runs on loopback addresses 127.0.1.1-3.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sim = fileURLToPath(new URL('./cli.js', import.meta.url));
const runbook = fileURLToPath(new URL('../engine/cli/main.js', import.meta.url));

function step(title: string, script: string, args: readonly string[], mayFail = false): number {
  console.log(`\n\x1b[1m$ ${title}\x1b[0m`);
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0 && !mayFail) {
    spawnSync(process.execPath, [sim, 'down'], { cwd: root, stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
  return result.status ?? 1;
}

step('npm run sim -- down   # leftovers of an earlier demo, if any', sim, ['down'], true);
step('npm run sim -- up --peers 3 --version 0.9.0', sim, ['up', '--peers', '3', '--version', '0.9.0']);
step('npx runbook plan upgrade-standard -i local -e target_version=0.10.1', runbook, ['plan', 'upgrade-standard', '-i', 'local', '-e', 'target_version=0.10.1']);
const code = step('npx runbook exec upgrade-standard -i local -e target_version=0.10.1', runbook, ['exec', 'upgrade-standard', '-i', 'local', '-e', 'target_version=0.10.1'], true);
const again = code === 0
  ? step('npx runbook exec upgrade-standard -i local -e target_version=0.10.1 --output plain   # again: nothing to do', runbook,
    ['exec', 'upgrade-standard', '-i', 'local', '-e', 'target_version=0.10.1', '--output', 'plain'], true)
  : code;
step('npx runbook runs', runbook, ['runs'], true);
step('npm run sim -- status', sim, ['status']);
step('npm run sim -- down', sim, ['down']);
process.exit(code || again);
