import { join, relative } from 'node:path';
import { EngineError, packageRoot } from '../../core/index.js';
import { loadReleasesFile, planUpgradeRoute, type Consensus, type RouteHop } from '../../runbook/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { printDiagnostics, type Terminal } from '../terminal.js';

/** `runbook route` options, as parsed. */
export interface RouteOptions {
  readonly consensus: Consensus;
  readonly format: 'text' | 'markdown' | 'json';
  readonly data?: string;
}

/** The releases data shipped with the runbooks. */
export function defaultReleasesFile(): string {
  return join(packageRoot(), 'runbooks', 'data', 'ipfs-cluster-releases.yml');
}

function textRoute(from: string, to: string, consensus: Consensus, hops: readonly RouteHop[]): string {
  if (!hops.length) return `${from} → ${to} (${consensus}): nothing to do, already there`;
  const lines = [`${from} → ${to} (${consensus}): ${hops.length} hop${hops.length === 1 ? '' : 's'}`];
  hops.forEach((hop, i) => lines.push('', `${i + 1}. ${hop.from} → ${hop.to} with ${hop.runbook}`, `   why: ${hop.reason}`,
    `   run: runbook exec ${hop.runbook} -i INVENTORY -e target_version=${hop.to}`));
  return lines.join('\n');
}

function markdownRoute(from: string, to: string, consensus: Consensus, hops: readonly RouteHop[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [`**Upgrade route ${from} → ${to}** (${consensus}): ${hops.length} hop${hops.length === 1 ? '' : 's'}`, '',
    '| # | from | to | runbook | why |', '|---|---|---|---|---|',
    ...hops.map((hop, i) => `| ${i + 1} | ${hop.from} | ${hop.to} | \`${hop.runbook}\` | ${cell(hop.reason)} |`)].join('\n');
}

/**
 * `runbook route FROM TO`: the upgrade route the releases data gives, with the runbook and reason of each hop.
 * 0 with a route, 1 when there is none, 4 when the data file is invalid, 5 for a version it does not know.
 */
export function routeCommand(terminal: Terminal, from: string, to: string, options: RouteOptions): ExitCode {
  const file = options.data ?? defaultReleasesFile();
  const loaded = loadReleasesFile(options.data ? file : relative(process.cwd(), file) || file);
  if ('diagnostics' in loaded) {
    printDiagnostics(terminal, loaded.diagnostics);
    return loaded.diagnostics.some((d) => d.code === 'file-not-found') && options.data ? EXIT.badOptions : EXIT.invalidInput;
  }
  const result = planUpgradeRoute(loaded.data, { from, to, consensus: options.consensus });
  if (result.kind === 'unknown-version') throw new EngineError('usage', result.reason, { hint: result.hint });
  const json = { from, to, consensus: options.consensus };
  if (result.kind === 'no-route') {
    if (options.format === 'json') terminal.out(JSON.stringify({ ...json, route: null, refused: result.reason }, null, 2));
    else terminal.err(`${terminal.chalk.red.bold('no route')}: ${result.reason}`);
    return EXIT.error;
  }
  if (options.format === 'json') terminal.out(JSON.stringify({ ...json, route: result.hops }, null, 2));
  else terminal.out(options.format === 'markdown' ? markdownRoute(from, to, options.consensus, result.hops) : textRoute(from, to, options.consensus, result.hops));
  return EXIT.ok;
}
