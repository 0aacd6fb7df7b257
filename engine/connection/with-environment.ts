import type { Connection } from './types.js';

/**
 * A connection whose commands all get `env` (the host's `runbook_environment`), under what a step
 * sets itself.
 */
export function withEnvironment(connection: Connection, env: Readonly<Record<string, string>>): Connection {
  if (!Object.keys(env).length) return connection;
  return {
    host: connection.host,
    exec: (command, options = {}) => connection.exec(command, { ...options, env: { ...env, ...options.env } }),
    put: (path, content, options) => connection.put(path, content, options),
    get: (path) => connection.get(path),
    close: () => connection.close(),
  };
}
