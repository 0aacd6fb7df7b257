import type { PlanDocument, PlanEntry, PlanStep } from '../plan/index.js';

function counts(plan: PlanDocument) {
  const entries = plan.steps.flatMap((s) => s.entries);
  const count = (mark: PlanEntry['mark']) => entries.filter((e) => e.mark === mark).length;
  const readOnly = entries.filter((e) => e.mark === 'will run' && e.readOnly).length;
  return { run: count('will run') - readOnly, readOnly, runtime: count('decided at run time'), skipped: count('skipped'), fails: count('fails'),
    undo: entries.reduce((n, e) => n + e.undo.length, 0) };
}

function batchesLine(plan: PlanDocument): string[] {
  return plan.blocks.filter((b) => b.batches).map((b) =>
    `block "${b.name}" rolls out in ${b.batches!.length} batch(es): ${b.batches!.map((batch) => `[${batch.join(' ')}]`).join(' ')}`);
}

/** Hosts that share a mark, description, reason and undo are listed together, to keep big plans short. */
function grouped(step: PlanStep): { hosts: string[]; entry: PlanEntry }[] {
  const groups = new Map<string, { hosts: string[]; entry: PlanEntry }>();
  for (const entry of step.entries) {
    const key = JSON.stringify([entry.mark, entry.description, entry.reason, entry.undo]);
    const group = groups.get(key);
    if (group) group.hosts.push(entry.host);
    else groups.set(key, { hosts: [entry.host], entry });
  }
  return [...groups.values()];
}

/** The plan as plain text, for a terminal. */
export function planText(plan: PlanDocument): string {
  const c = counts(plan);
  const out = [`Plan for ${plan.runbook.name} (${plan.runbook.file}) on ${plan.hosts.length} host(s): ${plan.hosts.join(', ')}`,
    `  will run: ${c.run} (+${c.readOnly} read-only) · decided at run time: ${c.runtime} · skipped: ${c.skipped} · fails: ${c.fails} · undo hooks: ${c.undo}`,
    ...batchesLine(plan).map((l) => `  ${l}`), ''];
  for (const [host, why] of Object.entries(plan.unreachable)) out.push(`! ${host}: ${why}`);
  for (const step of plan.steps) {
    out.push(`${step.id}. ${step.name} [${step.module}]`);
    for (const { hosts, entry } of grouped(step)) {
      out.push(`   ${entry.mark.padEnd(19)} ${hosts.join(', ')}${entry.description ? `: ${entry.description}` : ''}${entry.reason ? ` (${entry.reason})` : ''}`);
      for (const undo of entry.undo) out.push(`   ${''.padEnd(19)} undo: ${undo}`);
    }
  }
  if (plan.stoppedBy) out.push('', `The run would stop: ${plan.stoppedBy}`);
  return out.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => (text ? `\`${text.replace(/`/g, "'")}\`` : '');

/** The plan as a Markdown document for a change review: summary, batches, then every step per host. */
export function planMarkdown(plan: PlanDocument): string {
  const c = counts(plan);
  const vars = Object.entries(plan.vars);
  const out = [`# Plan: ${plan.runbook.name}`, '', ...(plan.runbook.description ? [plan.runbook.description, ''] : []),
    '| | |', '|---|---|', `| runbook | \`${plan.runbook.file}\` |`, `| inventory | ${plan.inventory.map(code).join(', ')} |`,
    `| hosts (${plan.hosts.length}) | ${plan.hosts.join(', ')} |`,
    ...(vars.length ? [`| extra vars | ${vars.map(([k, v]) => code(`${k}=${JSON.stringify(v)}`)).join(', ')} |`] : []),
    `| what changes | ${c.run} step runs that change hosts (and ${c.readOnly} read-only), ${c.runtime} decided at run time, ${c.skipped} skipped, ${c.fails} predicted failures, ${c.undo} undo hooks |`, ''];
  const batches = batchesLine(plan);
  if (batches.length) out.push('## Batches', '', ...batches.map((b) => `- ${b}`), '');
  if (Object.keys(plan.unreachable).length) {
    out.push('## Hosts that cannot be reached', '', ...Object.entries(plan.unreachable).map(([h, why]) => `- **${h}**: ${why}`), '');
  }
  out.push('## Steps', '');
  for (const step of plan.steps) {
    out.push(`### ${step.id}. ${step.name}`, '', '| hosts | mark | what | undo |', '|---|---|---|---|');
    for (const { hosts, entry } of grouped(step)) {
      const what = [code(entry.description), entry.reason ? cell(entry.reason) : ''].filter(Boolean).join(' — ');
      out.push(`| ${hosts.join(', ')} | ${entry.mark} | ${cell(what)} | ${entry.undo.map((u) => cell(code(u))).join('<br>')} |`);
    }
    out.push('');
  }
  if (plan.stoppedBy) out.push(`**The run would stop:** ${plan.stoppedBy}`, '');
  return out.join('\n');
}
