#!/usr/bin/env node
import { request } from 'node:http';
import { flagValue, hasFlag, parseFlags, UsageError, type FlagDef, type Parsed } from '../core/args.js';
import { hostContext } from '../core/host.js';
import { zapLine } from '../core/log.js';
import { parseMultiaddr } from '../core/multiaddr.js';
import { isSupported, specFor } from '../versions.js';
import { formatId, formatJson, formatPin, formatStatus } from './format.js';

const host = hostContext(process.env);
if (!isSupported(host.version)) {
  process.stderr.write(`ipfs-cluster-ctl (sim): IPFS_CLUSTER_SIM_VERSION is "${host.version}"; run it through a host's bin/ wrapper\n`);
  process.exit(127);
}
const spec = specFor(host.version);
const flag = (names: string, value = false): FlagDef => ({ names: names.split(','), value });
const GLOBAL = [flag('host,l', true), flag('secret', true), flag('timeout,t', true), flag('https,s'), flag('no-check-certificate'),
  flag('encoding,enc', true), flag('basic-auth', true), flag('force-http,f'), flag('debug,d'), flag('help,h'), flag('version,v')];
const COMMANDS: Record<string, FlagDef[]> = {
  id: [], version: [], status: [flag('local')], 'peers ls': [], 'peers rm': [], 'pin ls': [],
  'pin add': [flag('replication,r', true), flag('replication-min,rmin', true), flag('replication-max,rmax', true), flag('name,n', true),
    flag('no-status,ns'), flag('wait,w'), flag('wait-timeout,wt', true)],
  'pin rm': [flag('no-status,ns'), flag('wait,w'), flag('wait-timeout,wt', true)],
};
const GROUPS: Record<string, string[]> = { peers: ['ls', 'rm'], pin: ['add', 'rm', 'ls'] };

interface Answer { readonly status: number; readonly body: unknown }

function call(globals: Parsed, method: string, path: string): Promise<Answer> {
  const target = parseMultiaddr(flagValue(globals, 'host') ?? `/ip4/${host.address}/tcp/${host.ports.rest}`);
  if (!target) { process.stderr.write('error parsing host multiaddress\n'); process.exit(1); }
  return new Promise((resolve) => {
    const req = request({ host: target.host, port: target.port, method, path, timeout: 60_000 }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data ? JSON.parse(data) as unknown : null }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ECONNREFUSED' ? 'connection refused' : error.message;
      const url = `http://${target.host}:${target.port}${path}`;
      // Go's url.Error: Op is the method as "Get"/"Post"/"Delete"; Go 1.14+ quotes the URL.
      const op = `${method[0]}${method.slice(1).toLowerCase()}`;
      if (spec.ctlRetryLogLine !== null) {
        process.stderr.write(zapLine({ level: 'ERROR', logger: 'apiclient', caller: `client/lbclient.go:${spec.ctlRetryLogLine}`,
          message: 'reached maximum number of retries without success, retries: 1', isColored: isLogColored() }));
      }
      resolve({ status: 0, body: { code: 0, message: `${op} ${spec.ctlQuotesUrl ? `"${url}"` : url}: dial tcp ${target.host}:${target.port}: connect: ${reason}` } });
    });
    req.end();
  });
}

/** go-log v2's configFromEnv: GOLOG_LOG_FMT (or IPFS_LOGGING_FMT) first, else the release's default. */
function isLogColored(): boolean {
  const format = process.env['GOLOG_LOG_FMT'] || process.env['IPFS_LOGGING_FMT'];
  if (format === 'nocolor') return false;
  if (format === 'color' && spec.ctlLogColor === 'tty') return true;
  return spec.ctlLogColor === 'always' || process.stderr.isTTY === true;
}

function isJson(globals: Parsed): boolean {
  return flagValue(globals, 'encoding') === 'json';
}

/** Prints an answer; errors as the three-line block on stdout (exit 1 unreachable, 2 API error). */
function output(globals: Parsed, answer: Answer, text: (body: unknown) => string): void {
  if (answer.status === 0 || answer.status >= 400) {
    const err = answer.body as { code: number; message: string };
    process.stdout.write(isJson(globals) ? formatJson(err, spec) : `An error occurred:\n  Code: ${err.code}\n  Message: ${err.message}\n`);
    process.exit(answer.status === 0 ? 1 : 2);
  }
  if (answer.body === null) return;
  process.stdout.write(isJson(globals) ? formatJson(answer.body, spec) : text(answer.body));
}

function usage(message: string): never {
  process.stdout.write(`Incorrect Usage: ${message}\n\n`);
  process.exit(spec.ctlUsageExit);
}

async function run(globals: Parsed, command: string, local: Parsed): Promise<void> {
  const arg = local.args[0] ?? '';
  const asList = (f: (o: Record<string, unknown>) => string) => (b: unknown) => (b as Record<string, unknown>[]).map(f).join('');
  switch (command) {
    case 'id': return output(globals, await call(globals, 'GET', '/id'), (b) => formatId(b as Record<string, unknown>));
    case 'version': return output(globals, await call(globals, 'GET', '/version'), (b) => {
      const v = b as Record<string, string>;
      return `${v['version'] ?? v['Version']}\n`;
    });
    case 'peers ls': return output(globals, await call(globals, 'GET', '/peers'), asList(formatId));
    case 'peers rm':
      if (!/^(Qm|12D3KooW)[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(arg)) {
        process.stderr.write(`error parsing peer ID: failed to parse peer ID: invalid cid: ${arg ? 'selected encoding not supported' : 'cid too short'}\n`);
        process.exit(1);
      }
      return output(globals, await call(globals, 'DELETE', `/peers/${arg}`), () => '');
    case 'pin add': case 'pin rm': {
      const name = flagValue(local, 'name');
      const answer = await call(globals, command === 'pin add' ? 'POST' : 'DELETE', `/pins/${arg}${name ? `?name=${encodeURIComponent(name)}` : ''}`);
      if (hasFlag(local, 'no-status')) return output(globals, answer, () => '');
      output(globals, answer, () => '');
      return output(globals, await call(globals, 'GET', `/pins/${arg}`), (b) => formatStatus(b as Record<string, unknown>, spec));
    }
    case 'pin ls': return output(globals, await call(globals, 'GET', arg ? `/allocations/${arg}` : '/allocations'),
      (b) => (Array.isArray(b) ? b : [b]).map((p: Record<string, unknown>) => formatPin(p, spec)).join(''));
    case 'status': return output(globals, await call(globals, 'GET', arg ? `/pins/${arg}` : '/pins'),
      (b) => (Array.isArray(b) ? b : [b]).map((s: Record<string, unknown>) => formatStatus(s, spec)).join(''));
  }
}

function noHelpTopic(name: string): never {
  process.stderr.write(`No help topic for '${name}'\n`);
  process.exit(3);
}

async function main(argv: readonly string[]): Promise<void> {
  let globals: Parsed;
  try { globals = parseFlags(argv, GLOBAL, false); } catch (error) { return usage((error as UsageError).message); }
  if (hasFlag(globals, 'version')) { process.stdout.write(`ipfs-cluster-ctl version ${spec.version}\n`); return; }
  const [first, second, ...rest] = globals.args;
  if (first === undefined || hasFlag(globals, 'help') || first === 'help') {
    process.stdout.write(`NAME:\n   ipfs-cluster-ctl - CLI for IPFS Cluster\n\nCOMMANDS:\n     id, peers, pin, status, version\n`);
    return;
  }
  const group = GROUPS[first];
  if (group && (second === undefined || !group.includes(second))) {
    if (second === undefined || second === 'help') { process.stdout.write(`COMMANDS:\n     ${group.join(', ')}\n`); return; }
    noHelpTopic(second);
  }
  const command = group ? `${first} ${second}` : first;
  const defs = COMMANDS[command];
  if (!defs) noHelpTopic(first);
  let local: Parsed;
  try { local = parseFlags(group || second === undefined ? rest : [second, ...rest], defs, true); } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    throw error;
  }
  await run(globals, command, local);
}

await main(process.argv.slice(2));
