import { FAULT_KINDS } from './matrix.js';
import type { CellRecord, Rehearsal } from './rehearsal.js';
import type { ClusterShape } from './shape.js';

/** What a report says besides the rehearsal: the runbook, the -e values (names only), the cluster's shape, the jobs. */
export interface ReportContext {
  readonly runbook: string;
  readonly extraVarNames: readonly string[];
  readonly shape: ClusterShape;
  readonly jobs: number;
}

/** One row of the matrix: a step, and per fault kind the text of its cell ('' when the step cannot meet it). */
export interface MatrixRow {
  readonly step: string;
  readonly name: string;
  readonly cells: Readonly<Record<string, string>>;
}

/** A cell of the grid: pass or FAIL when every peer agrees, else each peer's verdict. */
function gridText(records: readonly CellRecord[], notRun: number): string {
  const verdicts = [...new Set(records.map((r) => r.verdict))];
  const run = verdicts.length === 1 && notRun === 0 ? (verdicts[0] === 'pass' ? 'pass' : 'FAIL')
    : records.map((r) => `${r.cell.peer ?? 'controller'} ${r.verdict === 'pass' ? 'pass' : 'FAIL'}`).join(', ');
  return [run, notRun ? `${notRun} not run` : ''].filter(Boolean).join(', ');
}

/** The matrix, step × fault (data in, data out): steps in plan order, with each step's cells gathered by fault. */
export function matrixRows(rehearsal: Pick<Rehearsal, 'cells' | 'notRun'>): MatrixRow[] {
  const steps = [...new Map([...rehearsal.cells.map((r) => r.cell), ...rehearsal.notRun].map((c) => [c.step, c.stepName])).entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
  return steps.map(([step, name]) => ({ step, name, cells: Object.fromEntries(FAULT_KINDS.map((fault) => {
    const records = rehearsal.cells.filter((r) => r.cell.step === step && r.cell.fault === fault);
    const notRun = rehearsal.notRun.filter((c) => c.step === step && c.fault === fault).length;
    return [fault, records.length || notRun ? gridText(records, notRun) : ''];
  })) }));
}

/** A failing cell's first difference in one line: the step, the fault, the peer, and the state lost. */
export function differenceLine(record: CellRecord): string {
  const d = record.difference!;
  const where = record.cell.id === 'baseline' ? 'baseline (no fault)' : `step ${record.cell.step} "${record.cell.stepName}", ${record.cell.simFault ?? record.cell.fault}${record.cell.peer ? ` on ${record.cell.peer}` : ' (the controller)'}`;
  const runs = record.runs.map((r) => `${r.command} exit ${r.exitCode ?? 'killed'}`).join(', ');
  return `${where}: ${d.peer ?? 'every peer'} lost ${d.lost} [${d.check}; ${runs}]`;
}

function summaryLines(rehearsal: Rehearsal, context: ReportContext): string[] {
  const { shape } = context;
  const pass = rehearsal.cells.filter((r) => r.verdict === 'pass').length;
  const minutes = `${Math.floor(rehearsal.durationMs / 60_000)}m ${Math.round((rehearsal.durationMs % 60_000) / 1000)}s`;
  return [
    `Rehearsal ${rehearsal.id}: ${context.runbook}${context.extraVarNames.length ? ` (-e ${context.extraVarNames.join(', ')})` : ''} on a twin of ${shape.hosts.length} peers (${shape.hosts.join(', ')}): ${rehearsal.baseline.releases.old} → ${rehearsal.baseline.releases.new}, ${shape.consensus}, ${shape.pinCount} pins`,
    `baseline (no fault): ${rehearsal.baseline.record.verdict === 'pass' ? 'pass' : `FAIL: ${differenceLine(rehearsal.baseline.record)}`}`,
    `${rehearsal.cells.length + rehearsal.notRun.length} cells: ${pass} pass, ${rehearsal.cells.length - pass} fail${rehearsal.notRun.length ? `, ${rehearsal.notRun.length} not run (budget)` : ''}`
      + `${rehearsal.resumed ? ` (${rehearsal.resumed} from the interrupted rehearsal)` : ''}; ${minutes} with ${context.jobs} job(s)`,
    ...rehearsal.baseline.warnings.map((w) => `warning: ${w}`),
  ];
}

function table(rows: readonly MatrixRow[], markdown: boolean): string[] {
  const head = ['step', ...FAULT_KINDS];
  const body = rows.map((r) => [`${r.step} ${r.name}`, ...FAULT_KINDS.map((f) => r.cells[f] || (markdown ? '' : '·'))]);
  if (markdown) return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((cols) => `| ${cols.join(' | ')} |`)];
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cols) => cols[i]!.length)));
  return [head, ...body].map((cols) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

/** The report as text (a terminal), Markdown (beside the plan in a change review) or JSON (the whole rehearsal). */
export function renderReport(rehearsal: Rehearsal, context: ReportContext, format: 'text' | 'markdown' | 'json'): string {
  const failing = rehearsal.cells.filter((r) => r.verdict === 'fail');
  if (format === 'json') {
    return `${JSON.stringify({ ...rehearsal, runbook: context.runbook, extraVars: context.extraVarNames, shape: { ...context.shape, vars: undefined, config: undefined },
      jobs: context.jobs, matrix: matrixRows(rehearsal), failures: failing.map(differenceLine) }, null, 2)}\n`;
  }
  const md = format === 'markdown';
  const summary = summaryLines(rehearsal, context);
  return [
    ...(md ? [`## Rehearsal of \`${context.runbook}\``, '', ...summary.map((l) => `- ${l}`)] : summary), '',
    ...table(matrixRows(rehearsal), md), '',
    ...(failing.length ? [md ? '### First difference in each failing cell' : 'First difference in each failing cell:', '',
      ...failing.flatMap((r) => [`- ${differenceLine(r)}`, ...r.reported.map((line) => `  - reported: ${line}`)]), ''] : []),
  ].join('\n');
}
