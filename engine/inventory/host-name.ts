import { hostPattern } from './inventory-schema-check.js';

/**
 * Why a host name (or range pattern, with an optional :port) written in an INI line or a comma
 * list cannot be used, or undefined when it can. The rule is the inventory schema's
 * `host_pattern`, the one YAML inventories are checked with, so every format accepts the same names.
 */
export function hostNameProblem(pattern: string): { message: string; hint: string } | undefined {
  if (hostPattern(pattern) === true) return undefined;
  return { message: `"${pattern}" is not a valid host name`,
    hint: 'a host name has letters, digits, ".", "_" and "-", and may hold ranges such as web[01:10] and a :port' };
}
