import { checkHostKey, knownHostName, knownKeyTypes, readKnownHosts, recordHostKey } from './known-hosts.js';
import { hostKeyRefusal, type Endpoint } from './ssh-errors.js';
import { ConnectionError } from './types.js';

const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** What an SSH handshake needs to check the server's key against known_hosts. */
export interface HostKeyVerifier {
  /** For ssh2's `hostVerifier`: accepts a known key, records an unknown one when allowed, refuses the rest. */
  readonly verify: (key: Buffer, done: (isValid: boolean) => void) => void;
  /** Host key algorithms, those of the keys known for the host first (as OpenSSH orders them). */
  readonly algorithms: readonly string[];
  /** Why the key was refused, once verify has refused it. */
  readonly refusal: () => ConnectionError | undefined;
}

/** Reads known_hosts and returns the verifier for one endpoint. */
export async function hostKeyVerifier(host: string, endpoint: Endpoint, known: { path: string; shouldAcceptNew: boolean }): Promise<HostKeyVerifier> {
  const entries = await readKnownHosts(known.path);
  const name = knownHostName(endpoint.address, endpoint.port);
  const preferred = knownKeyTypes(entries, name).flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]));
  let refusal: ConnectionError | undefined;
  return {
    algorithms: [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])].filter((a) => HOST_KEY_ALGORITHMS.includes(a)),
    refusal: () => refusal,
    verify(key, done) {
      const check = checkHostKey(entries, name, key);
      if (check.kind === 'unknown' && known.shouldAcceptNew) {
        recordHostKey(known.path, name, key).then(() => done(true), (error: unknown) => {
          refusal = new ConnectionError(host, `${host}: cannot record the host key in ${known.path}: ${String(error)}`, { cause: error });
          done(false);
        });
        return;
      }
      if (check.kind !== 'known') refusal = hostKeyRefusal(host, { name, path: known.path, endpoint, key, check });
      done(check.kind === 'known');
    },
  };
}
