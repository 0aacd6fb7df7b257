import { defineGatherer } from './gather-facts.js';
import { GatherError, type Gatherer } from './types.js';

// One POSIX sh script, so that gathering costs one round trip per host.
const SCRIPT = [
  'printf "hostname=%s\\n" "$(hostname 2>/dev/null || uname -n)"',
  'printf "os=%s\\n" "$(uname -s)"',
  'printf "kernel=%s\\n" "$(uname -r)"',
  'printf "arch=%s\\n" "$(uname -m)"',
  'printf "user=%s\\n" "$(id -un)"',
  'printf "uid=%s\\n" "$(id -u)"',
  'printf "home=%s\\n" "$HOME"',
  'printf "date=%s\\n" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"',
  'if [ -r /etc/os-release ]; then . /etc/os-release; printf "distribution=%s\\ndistribution_version=%s\\n" "$ID" "$VERSION_ID"; fi',
].join('; ');

/** Parses `key=value` lines; numbers stay strings except `uid`. */
export function parseSystemFacts(stdout: string): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) facts[line.slice(0, eq)] = line.slice(eq + 1);
  }
  if (typeof facts.uid === 'string') facts.uid = Number(facts.uid);
  return facts;
}

/** `facts.system`: hostname, os, kernel, arch, user, uid, home, date (UTC), distribution. */
export const systemGatherer: Gatherer = defineGatherer({
  name: 'system',
  volatile: ['date'],
  command: () => ({ script: SCRIPT, args: [] }),
  async parse(result) {
    if (result.exitCode !== 0) throw new GatherError(`system facts: exit ${result.exitCode}: ${result.stderr.trim()}`);
    return parseSystemFacts(result.stdout);
  },
});
