/**
 * Values from text that holds one JSON array, or JSON values one after another (as
 * `ipfs-cluster-ctl --enc json` prints lists: an array up to v0.10, a stream of objects after).
 */
export function parseJsonValues(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as unknown[];
  const values: unknown[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) {
      values.push(JSON.parse(trimmed.slice(start, i + 1)));
      start = i + 1;
    }
  }
  return values;
}
