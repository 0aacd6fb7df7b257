type SchemaObject = Record<string, unknown>;

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows local `$ref`s (`#/$defs/x`) until a schema with content of its own. */
export function deref(root: SchemaObject, schema: SchemaObject): SchemaObject {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && current.$ref.startsWith('#/') && hops < 20; hops++) {
    let target: unknown = root;
    for (const segment of current.$ref.slice(2).split('/')) target = isObject(target) ? target[segment] : undefined;
    if (!isObject(target)) break;
    current = target;
  }
  return current;
}

function child(root: SchemaObject, schema: SchemaObject, segment: string | number): SchemaObject | undefined {
  const resolved = deref(root, schema);
  const candidates = [resolved, resolved.then, resolved.else, ...(Array.isArray(resolved.allOf) ? resolved.allOf : [])]
    .filter(isObject);
  for (const candidate of candidates) {
    const props = candidate.properties;
    if (typeof segment === 'string' && isObject(props) && isObject(props[segment])) return props[segment];
    if (typeof segment === 'number' && isObject(candidate.items)) return candidate.items;
    if (typeof segment === 'string' && isObject(candidate.additionalProperties)) return candidate.additionalProperties;
  }
  for (const branch of [resolved.then, resolved.else].filter(isObject)) {
    if (branch !== resolved) {
      const found = branch.if || branch.then || branch.$ref ? child(root, branch, segment) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The schema written for the value at an instance path, as its author wrote it: the property's
 * own `description`, and (after `$ref`s) every form it accepts. Undefined where the path leaves the schema.
 */
export function schemaAt(root: SchemaObject, path: readonly (string | number)[]): {
  readonly description: string | undefined;
  readonly schema: SchemaObject;
} | undefined {
  let schema: SchemaObject | undefined = root;
  for (const segment of path) {
    schema = schema && child(root, schema, segment);
    if (!schema) return undefined;
  }
  const description = [schema.description, deref(root, schema).$comment].find((d): d is string => typeof d === 'string');
  return { description, schema: deref(root, schema) };
}
