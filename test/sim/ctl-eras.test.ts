import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { simHost, type SimHost } from '../helpers/sim.js';

const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const TS = '\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z';

/** A one-peer Raft cluster of `version` holding CID named "docs"; stopped when the file ends. */
async function pinnedPeer(version: string): Promise<SimHost> {
  const host = simHost(version);
  const daemon = await host.daemon();
  assert.ok(daemon.isReady, daemon.stderr());
  after(() => daemon.stop());
  assert.equal(host.ctl(['pin', 'add', '--name', 'docs', CID]).status, 0);
  return host;
}

const [v12, v13, v14, v1] = await Promise.all(['0.12.1', '0.13.3', '0.14.5', '1.0.0'].map(pinnedPeer));

test('status: 0.12 prints "<cid> :" and names padded to 20; 0.13 adds " | <name>"; 0.14.2+ add attempts and priority', () => {
  assert.match(v12!.ctl(['status', CID]).stdout, new RegExp(`^${CID} :\\n {4}> peer1 {15} : PINNED \\| ${TS}\\n$`));
  assert.match(v13!.ctl(['status', CID]).stdout, new RegExp(`^${CID} \\| docs:\\n {4}> peer1 {15} : PINNED \\| ${TS}\\n$`));
  assert.match(v14!.ctl(['status', CID]).stdout,
    new RegExp(`^${CID} \\| docs:\\n {4}> peer1 {15} : PINNED \\| ${TS} \\| Attempts: 0 \\| Priority: false\\n$`));
  assert.equal(v1!.ctl(['status', CID]).stdout.replace(/\| \S+Z \|/, '| T |'), v14!.ctl(['status', CID]).stdout.replace(/\| \S+Z \|/, '| T |'));
});

test('pin ls: 0.12 ends with Metadata, 0.13 adds "Exp: ∞", 0.14.2+ add the Added time (pins from before read "unknown")', () => {
  const head = `${CID} | docs | PIN | Repl. Factor: -1 | Allocations: [everywhere] | Recursive | Metadata: no`;
  assert.equal(v12!.ctl(['pin', 'ls']).stdout, `${head}\n`);
  assert.equal(v13!.ctl(['pin', 'ls']).stdout, `${head} | Exp: ∞\n`);
  assert.match(v14!.ctl(['pin', 'ls']).stdout, new RegExp(`^${head.replace(/[|[\]]/g, '\\$&')} \\| Exp: ∞ \\| Added: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\n$`));
  assert.match(v1!.ctl(['pin', 'ls']).stdout, /\| Added: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n$/);
});

test('--enc json lists are one indented array up to 0.14 and one object after another from 1.0', () => {
  const old = v14!.ctl(['--enc', 'json', 'pin', 'ls']).stdout;
  assert.ok(old.startsWith('[\n    {\n'), old);
  assert.deepEqual((JSON.parse(old) as { cid: unknown }[]).map((p) => p.cid), [{ '/': CID }]);
  const stream = v1!.ctl(['--enc', 'json', 'pin', 'ls']).stdout;
  assert.ok(stream.startsWith('{\n    "replication_factor_min"'), stream);
  assert.equal((JSON.parse(stream) as { cid: unknown; type: unknown }).cid, CID);
  assert.ok(v14!.ctl(['--enc', 'json', 'peers', 'ls']).stdout.startsWith('[\n'));
  assert.ok(v1!.ctl(['--enc', 'json', 'peers', 'ls']).stdout.startsWith('{\n'));
});

test('an unreachable daemon: 0.12 prints the bare URL; from 0.13 (Go 1.14, load-balancing client) it is quoted and an ERROR is logged', () => {
  const message = (h: SimHost) => h.ctl(['id']);
  const old = message(simHost('0.12.1', { isBare: true }));
  assert.match(old.stdout, /^An error occurred:\n {2}Code: 0\n {2}Message: Get http:\/\/[\d.]+:9094\/id: dial tcp [\d.:]+: connect: connection refused\n$/);
  assert.deepEqual([old.status, old.stderr], [1, '']);
  const v13down = message(simHost('0.13.3', { isBare: true }));
  assert.match(v13down.stdout, /Message: Get "http:\/\/[\d.]+:9094\/id": dial tcp [\d.:]+: connect: connection refused\n$/);
  assert.match(v13down.stderr, /\tclient\/lbclient\.go:105\treached maximum number of retries without success, retries: 1\n$/);
  const v116 = message(simHost('1.1.6', { isBare: true }));
  assert.equal(v116.status, 1);
  assert.match(v116.stderr, /\tclient\/lbclient\.go:106\t/);
});

test('the ERROR line is go-log\'s console layout, red on 0.13 whatever stderr is (go-log v2.1.3), plain off a terminal from 0.14.1 (v2.3.0+)', () => {
  const line = (version: string, env: Record<string, string> = {}) =>
    simHost(version, { isBare: true }).run('ipfs-cluster-ctl', ['id'], undefined, env).stderr;
  const zap = (level: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d{4})\\t${level}\\tapiclient\\tclient/lbclient\\.go:\\d+\\t`);
  assert.match(line('0.13.3'), zap('\x1b\\[31mERROR\x1b\\[0m'));
  assert.match(line('0.13.3', { GOLOG_LOG_FMT: 'nocolor' }), zap('ERROR'));
  assert.match(line('0.14.5'), zap('ERROR'));
  assert.match(line('0.14.5', { GOLOG_LOG_FMT: 'color' }), zap('\x1b\\[31mERROR\x1b\\[0m'));
  assert.match(line('1.1.6'), zap('ERROR'));
});
