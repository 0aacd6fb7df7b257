import { describeKey, keyFingerprint, type HostKeyCheck } from './known-hosts.js';
import { ConnectionError } from './types.js';

/** Where an SSH handshake goes. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
  readonly user: string;
}

/** A connect failure in words, and whether trying again may help. */
export interface ConnectFailure {
  readonly error: ConnectionError;
  readonly isRetryable: boolean;
}

const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);

/** Turns an error of ssh2 or the socket into a ConnectionError that names the reason (and never a secret). */
export function connectFailure(host: string, target: Endpoint, error: unknown, redact: (text: string) => string): ConnectFailure {
  const cause: Error & { code?: string; level?: string; endpoint?: Endpoint } = error instanceof Error ? error : new Error(String(error));
  const at = cause.endpoint ?? target;
  const isJump = at.address !== target.address || at.port !== target.port;
  const where = `${at.user}@${at.address}:${at.port}${isJump ? ` (jump host for ${target.address}:${target.port})` : ''}`;
  const reason = reasonOf(cause);
  const message = redact(`${host}: cannot connect to ${where}: ${reason}`);
  const isRetryable = RETRYABLE_CODES.has(cause.code ?? '') || cause.level === 'client-timeout' || /timed out/i.test(cause.message);
  return { error: new ConnectionError(host, message, { cause: new Error(redact(cause.message)) }), isRetryable };
}

function reasonOf(error: Error & { code?: string; level?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED': return error.message.startsWith('the jump host') ? error.message : 'connection refused (is sshd running, is the port right?)';
    case 'ENOTFOUND': return `the host name cannot be resolved (DNS): ${error.message}`;
    case 'EAI_AGAIN': return `the host name cannot be resolved right now (DNS): ${error.message}`;
    case 'ECONNRESET': return 'the connection was reset by the server';
    case 'EHOSTUNREACH': case 'ENETUNREACH': return 'no route to host';
    case 'ETIMEDOUT': return 'no answer (timeout)';
    default: break;
  }
  if (error.level === 'client-timeout' || /timed out while waiting for handshake/i.test(error.message)) return 'no SSH handshake in time (timeout)';
  if (error.level === 'client-authentication' || /authentication methods failed/i.test(error.message)) {
    return 'the server refused the login (check ansible_user, the private key, the ssh-agent or the password)';
  }
  return error.message;
}

/** The refusal for an unknown, changed or revoked host key; what to do about it is in the message. */
export function hostKeyRefusal(host: string, seen: { name: string; path: string; endpoint: Endpoint; key: Buffer; check: HostKeyCheck }): ConnectionError {
  const { name, path, endpoint, key, check } = seen;
  const offered = describeKey(key);
  if (check.kind === 'unknown') {
    const portFlag = endpoint.port === 22 ? '' : `-p ${endpoint.port} `;
    return new ConnectionError(host, `${host}: the host key of ${name} is not known (${offered}); not connecting. `
      + `If that fingerprint is right, run again with --accept-new-host-keys to record it in ${path}, `
      + `or add it yourself: ssh-keyscan ${portFlag}${endpoint.address} >> ${path}`);
  }
  if (check.kind === 'revoked') {
    return new ConnectionError(host, `${host}: the host key of ${name} is REVOKED in ${path}:${check.entry.line} (${offered}); not connecting.`);
  }
  const known = (check.kind === 'changed' ? check.known : []).map((entry) => `${entry.keyType} ${keyFingerprint(entry.key)} (${path}:${entry.line})`).join(', ');
  return new ConnectionError(host, [
    `${host}: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}! Someone could be eavesdropping on you right now`,
    `(man-in-the-middle attack), or the host key has just been changed. Not connecting, whatever the flags.`,
    `  known: ${known}`,
    `  offered now: ${offered}`,
    `If the change is expected, remove the old key with: ssh-keygen -f ${path} -R '${name}'`,
  ].join('\n'));
}

/** Replaces every occurrence of the given secrets with `********`. */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const words = secrets.filter((s): s is string => s !== undefined && s !== '');
  return (text) => words.reduce((result, word) => result.split(word).join('********'), text);
}
