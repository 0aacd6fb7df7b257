import type { Parsed } from '../core/args.js';
import type { HostContext } from '../core/host.js';
import type { VersionSpec } from '../versions.js';

/** One run of `ipfs-cluster-service`: the release, the host, the config folder and the parsed flags. */
export interface Invocation {
  readonly spec: VersionSpec;
  readonly host: HostContext;
  readonly folder: string;
  readonly globals: Parsed;
  readonly local: Parsed;
  readonly env: NodeJS.ProcessEnv;
}
