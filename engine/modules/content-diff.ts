import { createTwoFilesPatch } from 'diff';

/** Lines of a diff kept in plans and events; the rest is counted, not shown. */
const MAX_DIFF_LINES = 200;

/**
 * A unified diff of a file's content before and after a step, as `ansible --diff` shows it: a file
 * that does not exist yet is diffed against nothing. Binary content is described, not diffed.
 */
export function contentDiff(path: string, before: Buffer | undefined, after: Buffer): string {
  if ([before, after].some((b) => b?.includes(0))) return `binary content of ${path} changes (${before?.length ?? 0} → ${after.length} bytes)\n`;
  const patch = createTwoFilesPatch(before ? `${path} (before)` : '/dev/null', `${path} (after)`,
    before?.toString('utf8') ?? '', after.toString('utf8'), undefined, undefined, { context: 3 });
  // the first line is the ===== separator diff adds; the headers follow
  const lines = patch.split('\n').filter((line, i) => !(i === 0 && line.startsWith('====')));
  if (lines.at(-1) === '') lines.pop();
  const shown = lines.slice(0, MAX_DIFF_LINES);
  if (lines.length > shown.length) shown.push(`… ${lines.length - shown.length} more lines of diff`);
  return `${shown.join('\n')}\n`;
}
