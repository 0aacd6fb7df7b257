import { createRequire } from 'node:module';
import type * as Semver from 'semver';

const require = createRequire(import.meta.url);
let loaded: typeof Semver | undefined;

/** The semver package, loaded the first time a version is compared: a command that compares none never pays for it. */
export function loadSemver(): typeof Semver {
  return (loaded ??= require('semver') as typeof Semver);
}
