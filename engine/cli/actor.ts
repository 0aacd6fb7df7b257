import { hostname, userInfo } from 'node:os';
import type { Actor } from '../executor/index.js';

/**
 * Who is running this command, as a run records it: the user, the controller's host name, and the
 * SSH client (`SSH_CLIENT`, else `SSH_CONNECTION`: address and port) when the operator came in over SSH.
 */
export function currentActor(env: NodeJS.ProcessEnv = process.env): Actor {
  let user = env.USER ?? env.LOGNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container with an arbitrary uid): the environment's name stands
  }
  const ssh = (env.SSH_CLIENT ?? env.SSH_CONNECTION)?.trim().split(/\s+/).slice(0, 2).join(':');
  return { user, host: hostname(), ...(ssh ? { ssh } : {}) };
}
