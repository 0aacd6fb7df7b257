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
 * EngineError for a chain of jumps, a malformed value, or any other option in the common args (none is dropped silently).
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

const SUPPORTED = 'ansible_ssh_common_args supports only a jump host: -o ProxyJump=[user@]host[:port] or -J [user@]host[:port]';

/** What an option does instead, for those that have a runbook equivalent. */
const INSTEAD: Readonly<Record<string, string>> = {
  stricthostkeychecking: 'host keys are always checked: use --accept-new-host-keys to record a new one',
  userknownhostsfile: 'use --known-hosts FILE',
  port: 'use ansible_port', user: 'use ansible_user', identityfile: 'use ansible_ssh_private_key_file',
};

function unsupported(option: string): EngineError {
  const name = /^\s*([A-Za-z]+)/.exec(option)?.[1] ?? option;
  const instead = INSTEAD[name.toLowerCase()];
  return new EngineError('invalid-input', `ansible_ssh_common_args: "${option}" is not supported: only ProxyJump is read, and an option that is ignored would change how the host is reached without a word`,
    { hint: instead ? `${instead}; ${SUPPORTED}` : SUPPORTED });
}

// every word is read: an option dropped silently (ProxyCommand) would make the connection go direct
function proxyJumpOf(commonArgs: string): string | undefined {
  const words = shlexSplit(commonArgs);
  let jump: string | undefined;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (word === '-J' || word === '-o') i += 1;
    if (word === '-J' || word.startsWith('-J')) {
      jump = word === '-J' ? words[i] : word.slice(2);
      continue;
    }
    const option = word === '-o' ? words[i] : word.startsWith('-o') ? word.slice(2) : undefined;
    const proxy = option === undefined ? null : /^\s*proxyjump\s*(?:=\s*|\s+)(.*)$/i.exec(option);
    if (proxy === null) throw unsupported(option ?? word);
    jump = proxy[1]!.trim();
  }
  return jump;
}
