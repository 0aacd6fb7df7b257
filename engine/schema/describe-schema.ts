const ARTICLES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

/** Human words for what a schema accepts: "an integer or a string like \"30%\"". */
export function describeSchema(
  written: Record<string, unknown> | undefined,
  deref: (schema: Record<string, unknown>) => Record<string, unknown> = (s) => s,
): string {
  if (!written) return 'something else';
  const schema = deref(written);
  const describe = (s: Record<string, unknown>) => describeSchema(s, deref);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(describe))].join(' or ');
  if (schema.if && (schema.then || schema.else)) {
    const branches = [schema.then, schema.else].filter((b): b is Record<string, unknown> => typeof b === 'object');
    return [...new Set(branches.map(describe))].join(' or ');
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' or ');
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const words = types.filter((t): t is string => typeof t === 'string').map((t) => ARTICLES[t] ?? t);
  if (typeof schema.title === 'string') return `${words.join(' or ') || 'a value'} (${schema.title})`;
  return words.join(' or ') || 'a value';
}
