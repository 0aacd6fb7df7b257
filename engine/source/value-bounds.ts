/** How deep mappings and lists may nest in a runbook, an inventory or a vars file (the parser stops there). */
export const MAX_NESTING_DEPTH = 100;

/**
 * How many values aliases (`*name`) may add to a document, counting every value inside each
 * aliased collection. A "billion laughs" file adds 10^9 with a few hundred bytes.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** Why a parsed YAML value is refused, and where (a path of keys and indices into it). */
export interface BoundsProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

/** Thrown inside the walk to stop at the first problem. */
class Exceeded extends Error {
  constructor(readonly problem: BoundsProblem) {
    super(problem.message);
  }
}

function childrenOf(value: object): [string | number, unknown][] {
  return Array.isArray(value) ? value.map((v, i): [number, unknown] => [i, v]) : Object.entries(value);
}

/**
 * Checks a value as a YAML parser returned it, where an alias is the same object as its anchor
 * (and nesting is already bounded by MAX_NESTING_DEPTH): aliases adding more than
 * MAX_ALIAS_EXPANSION values, and a collection that contains itself, are refused. Linear in the
 * distinct values: each collection's expanded size is computed once.
 */
export function checkValueBounds(root: unknown): BoundsProblem | undefined {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let added = 0;
  const path: (string | number)[] = [];
  const sizeOf = (value: unknown): number => {
    if (typeof value !== 'object' || value === null) return 1;
    const known = sizes.get(value);
    if (known !== undefined) {
      added += known;
      if (added > MAX_ALIAS_EXPANSION) {
        throw new Exceeded({ path: [...path], message: `aliases expand this document past ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values`,
          hint: 'an alias (*name) repeats everything under its anchor: nested aliases multiply; write the values out or share fewer' });
      }
      return known;
    }
    if (open.has(value)) {
      throw new Exceeded({ path: [...path], message: 'an alias here refers to a collection that contains it',
        hint: 'a value cannot contain itself: point the alias at another anchor' });
    }
    open.add(value);
    let size = 1;
    for (const [key, child] of childrenOf(value)) {
      path.push(key);
      size += sizeOf(child);
      path.pop();
    }
    open.delete(value);
    sizes.set(value, size);
    return size;
  };
  try {
    sizeOf(root);
    return undefined;
  } catch (error) {
    if (error instanceof Exceeded) return error.problem;
    throw error;
  }
}
