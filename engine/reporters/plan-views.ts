import { visibleDeep } from '../core/index.js';
import type { PlanDocument } from '../plan/index.js';
import {
  blockTraits, conditionValues, counts, grouped, markLabel, outline, PLAN_WIDTH, wrap, type EntryGroup, type OutlineItem,
} from './plan-outline.js';

function summaryLine(plan: PlanDocument): string {
  const c = counts(plan);
  return `will run: ${c.run} (+${c.readOnly} read-only) · decided at run time: ${c.runtime} · skipped: ${c.skipped} · fails: ${c.fails} · undo hooks: ${c.undo}`;
}

/** Per host, the runbook's summary values (`version: 0.9.0 → 0.10.1`), if it declares any. */
function hostSummaries(plan: PlanDocument): [string, string][] {
  return plan.hosts.filter((h) => plan.summary[h]).map((h) => [h, Object.entries(plan.summary[h]!).map(([k, v]) => `${k}: ${v}`).join(' · ')]);
}

function textEntry(group: EntryGroup, pad: string): string[] {
  const { hosts, entry } = group;
  const head = `${pad}${markLabel(entry).padEnd(20)} ${hosts.join(', ')}${entry.description ? `: ${entry.description}` : ''}${entry.reason ? ` (${entry.reason})` : ''}`;
  const more = `${pad}${''.padEnd(21)}`;
  return [
    ...wrap(head, PLAN_WIDTH, `${more}  `),
    ...entry.undo.flatMap((undo) => wrap(`${more}undo: ${undo}`, PLAN_WIDTH, `${more}      `)),
    ...(entry.diff ? entry.diff.trimEnd().split('\n').map((line) => `${more}${line}`) : []),
  ];
}

function textItem(item: OutlineItem): string[] {
  const pad = '  '.repeat(item.depth);
  if (item.kind === 'step') {
    return [...wrap(`${pad}${item.step.id}. ${item.step.name} [${item.step.module}]`, PLAN_WIDTH, `${pad}    `),
      ...grouped(item.step).flatMap((g) => textEntry(g, `${pad}   `))];
  }
  const { block } = item;
  const conditions = (block.when ?? []).flatMap((w) => wrap(`${pad}   when: ${w} — ${conditionValues(item)}`, PLAN_WIDTH, `${pad}         `));
  return [...wrap(`${pad}${block.id}. ${block.name} [${blockTraits(block).join('; ')}]`, PLAN_WIDTH, `${pad}    `), ...conditions];
}

/** The plan as plain text, for a terminal: the block structure, then every step per host; lines fit 120 columns. */
export function planText(raw: PlanDocument): string {
  const plan = visibleDeep(raw);
  const out = [...wrap(`Plan for ${plan.runbook.name} (${plan.runbook.file}) on ${plan.hosts.length} host(s): ${plan.hosts.join(', ')}`, PLAN_WIDTH, '  '),
    `  ${summaryLine(plan)}`];
  const summaries = hostSummaries(plan);
  if (summaries.length) out.push('', 'Hosts', ...summaries.map(([h, s]) => `  ${h.padEnd(Math.max(...summaries.map(([n]) => n.length)))}  ${s}`));
  out.push('');
  for (const [host, why] of Object.entries(plan.unreachable)) out.push(...wrap(`! ${host}: ${why}`, PLAN_WIDTH, '  '));
  for (const item of outline(plan)) out.push(...textItem(item));
  if (plan.stoppedBy) out.push('', ...wrap(`The run would stop: ${plan.stoppedBy}`, PLAN_WIDTH, '  '));
  return out.join('\n');
}

const code = (text: string) => (text ? `\`${text.replace(/`/g, "'")}\`` : '');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * A fenced block for text too long for one line: a diff as it is; a command wrapped with a shell
 * continuation, so that it still pastes; anything else wrapped at words.
 */
function fenced(text: string, language: 'diff' | 'sh' | '', indent: string): string[] {
  const fence = text.includes('```') ? '~~~' : '```';
  const width = PLAN_WIDTH - indent.length - 2;
  const lines = language === 'diff' ? text.trimEnd().split('\n')
    : language === 'sh' ? wrap(text, width, '    ').map((line, i, all) => (i < all.length - 1 ? `${line} \\` : line))
      : wrap(text, width, '    ');
  return [`${indent}${fence}${language}`, ...lines.map((l) => `${indent}${l}`), `${indent}${fence}`];
}

const SHELL_MODULES = new Set(['command', 'shell']);

function markdownEntry({ hosts, entry }: EntryGroup, module: string): string[] {
  const language = SHELL_MODULES.has(module) ? 'sh' : '';
  const reason = entry.reason ? ` — ${entry.reason}` : '';
  const inline = `- **${markLabel(entry)}** on ${hosts.join(', ')}${entry.description ? `: ${code(entry.description)}` : ''}${reason}`;
  const out = inline.length <= PLAN_WIDTH || !entry.description ? wrap(inline, PLAN_WIDTH, '  ')
    : [...wrap(`- **${markLabel(entry)}** on ${hosts.join(', ')}${reason}:`, PLAN_WIDTH, '  '), ...fenced(entry.description, language, '  ')];
  for (const undo of entry.undo) {
    const line = `  - undo: ${code(undo)}`;
    out.push(...(line.length <= PLAN_WIDTH ? [line] : ['  - undo:', ...fenced(undo, '', '    ')]));
  }
  if (entry.diff) out.push('  - content:', ...fenced(entry.diff, 'diff', '    '));
  return out;
}

function markdownItem(item: OutlineItem): string[] {
  const hashes = '#'.repeat(Math.min(3 + item.depth, 6));
  if (item.kind === 'step') {
    return [...wrap(`${hashes} ${item.step.id}. ${item.step.name}`, PLAN_WIDTH, ''), '', ...grouped(item.step).flatMap((g) => markdownEntry(g, item.step.module)), ''];
  }
  const { block } = item;
  const traits = [...blockTraits(block), `on ${block.hosts.join(', ')}`].map((t) => `_${t}_`).join(' · ');
  const conditions = (block.when ?? []).flatMap((w) => wrap(`- when ${code(w)}: ${conditionValues(item)}`, PLAN_WIDTH, '  '));
  return [...wrap(`${hashes} ${block.id}. ${block.name}`, PLAN_WIDTH, ''), '', ...wrap(traits, PLAN_WIDTH, ''), '',
    ...(conditions.length ? [...conditions, ''] : [])];
}

/** The plan as a Markdown document for a change review: summary, hosts, then the blocks and steps per host. */
export function planMarkdown(raw: PlanDocument): string {
  const plan = visibleDeep(raw);
  const c = counts(plan);
  const vars = Object.entries(plan.vars);
  const out = [`# Plan: ${plan.runbook.name}`, '', ...(plan.runbook.description ? [...wrap(plan.runbook.description, PLAN_WIDTH, ''), ''] : []),
    '| | |', '|---|---|', `| runbook | \`${plan.runbook.file}\` |`, `| inventory | ${plan.inventory.map(code).join(', ')} |`,
    `| hosts (${plan.hosts.length}) | ${plan.hosts.join(', ')} |`,
    ...(vars.length ? [`| extra vars | ${vars.map(([k, v]) => code(`${k}=${JSON.stringify(v)}`)).join(', ')} |`] : []),
    `| steps per host | ${c.run} change hosts, ${c.readOnly} read-only, ${c.runtime} decided at run time, ${c.skipped} skipped, ${c.fails} fail |`,
    `| undo hooks | ${c.undo} |`, ''];
  const summaries = hostSummaries(plan);
  if (summaries.length) out.push('## Hosts', '', '| host | where it stands |', '|---|---|', ...summaries.map(([h, s]) => `| ${h} | ${cell(s)} |`), '');
  if (Object.keys(plan.unreachable).length) {
    out.push('## Hosts that cannot be reached', '', ...Object.entries(plan.unreachable).flatMap(([h, why]) => wrap(`- **${h}**: ${why}`, PLAN_WIDTH, '  ')), '');
  }
  out.push('## Steps', '');
  for (const item of outline(plan)) out.push(...markdownItem(item));
  if (plan.stoppedBy) out.push(...wrap(`**The run would stop:** ${plan.stoppedBy}`, PLAN_WIDTH, ''), '');
  return out.join('\n');
}
