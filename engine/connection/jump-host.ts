import { EngineError, shlexSplit } from '../core/index.js';

/** A bastion to reach a host through (OpenSSH's ProxyJump); a missing user or port means the host's own / 22. */
export interface JumpHost {
  readonly address: string;
  readonly port?: number;
  readonly user?: string;
}

/**
 * Reads a jump host from `[user@]host[:port]` (`runbook_jump_host`), or from `ansible_ssh_common_args` holding
 * `-o ProxyJump=…`, `-oProxyJump=…`, `-o "ProxyJump …"` or `-J …`. Undefined when there is none; an
 * EngineError for a chain of jumps or a malformed value.
 */
export function parseJumpHost(value: string, from: 'jump-host' | 'ssh-common-args' = 'jump-host'): JumpHost | undefined {
  const spec = from === 'jump-host' ? value.trim() : proxyJumpOf(value);
  if (spec === undefined || spec === '' || spec.toLowerCase() === 'none') return undefined;
  if (spec.includes(',')) throw new EngineError('invalid-input', `jump host "${spec}": a chain of jump hosts is not supported`, { hint: 'give one jump host, [user@]host[:port]' });
  const match = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(spec);
  if (match === null) throw new EngineError('invalid-input', `jump host "${spec}" is not [user@]host[:port]`, { hint: 'for example -o ProxyJump=admin@bastion.example.org:22' });
  const [, user, host = '', port] = match;
  return { address: host.replace(/^\[(.*)\]$/, '$1'), ...(port === undefined ? {} : { port: Number(port) }), ...(user === undefined ? {} : { user }) };
}

function proxyJumpOf(commonArgs: string): string | undefined {
  const words = shlexSplit(commonArgs);
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (word === '-J') return words[i + 1];
    if (word.startsWith('-J')) return word.slice(2);
    const option = word === '-o' ? words[i + 1] : word.startsWith('-o') ? word.slice(2) : undefined;
    const proxy = option === undefined ? undefined : /^\s*proxyjump\s*(?:=\s*|\s+)(.*)$/i.exec(option);
    if (proxy !== undefined && proxy !== null) return proxy[1]!.trim();
  }
  return undefined;
}
