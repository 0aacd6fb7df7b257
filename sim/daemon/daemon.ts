import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:net';
import { hasFlag } from '../core/args.js';
import { simDir } from '../core/host.js';
import { newIdentity, writeIdentity, writeJson, type LoadedConfig } from '../core/config.js';
import { lockOrExit, type Lock } from '../core/lock.js';
import { fatal, log } from '../core/log.js';
import { loopbackFor, parseMultiaddr, type TcpAddress } from '../core/multiaddr.js';
import { readPeerstore, writePeerstore } from '../core/peerstore.js';
import { cleanupRaft, readCrdtStore, writeCrdtStore, writeRaftDb, writeSnapshot, type Member } from '../core/state.js';
import type { Invocation } from '../service/invocation.js';
import { loadConfigOrExit, raftFolderOf, writtenFormat } from '../service/state-commands.js';
import { openCrdtDatastore } from './datastore.js';
import { CrdtNode } from './crdt.js';
import { initialRaftState } from './initial-state.js';
import { Peer, type Consensus } from './peer.js';
import { daemonFlags, renameLegacyFolder, timeoutBanner, upgradeBeforeStart, validateVersion, type DaemonFlags } from './preflight.js';
import { RaftNode } from './raft.js';
import { shownVersion } from '../versions.js';
import { serveProxy, serveRestApi } from './rest-api.js';
import { serveCluster } from './transport.js';

function bindAddress(inv: Invocation, multiaddr: string | undefined, fallbackPort: number): TcpAddress {
  const parsed = parseMultiaddr(multiaddr ?? '');
  return { host: loopbackFor(parsed?.host ?? '', inv.host.address), port: parsed?.port ?? fallbackPort };
}

async function listen<T>(what: string, addr: TcpAddress, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'address already in use' : (error as Error).message;
    return fatal(what, `listen tcp ${addr.host}:${addr.port}: bind: ${code}`);
  }
}

/** One daemon run, from lock to exit. */
class Daemon {
  private readonly servers: Server[] = [];
  private peer: Peer | undefined;
  private isReady = false;
  private isRemoved = false;
  private isStopping = false;

  constructor(private readonly inv: Invocation, private readonly config: LoadedConfig, private readonly flags: DaemonFlags,
    private readonly lock: Lock) {}

  private get raftFolder(): string { return raftFolderOf(this.inv, this.config); }

  private buildConsensus(self: Member): Consensus {
    const { inv, config } = this;
    if (config.consensus === 'crdt') {
      const { backend, entries } = openCrdtDatastore(inv, config);
      // daemon --bootstrap adds the bootstrap peers to trusted_peers unless --no-trust (daemon.go).
      const bootstrapIds = this.flags.noTrust ? [] : this.flags.bootstrap.flatMap((a) => parseMultiaddr(a)?.peerId ?? []);
      return new CrdtNode({ self, protocol: inv.spec.rpcProtocol, secret: config.secret, entries, peers: readPeerstore(inv.folder),
        persist: (e) => writeCrdtStore(inv.folder, backend, { ...readCrdtStore(inv.folder, backend),
          pins: Object.values(e).flatMap((x) => (x.pin ? [x.pin] : [])), entries: e }),
        trusted: [...config.trustedPeers, ...bootstrapIds], deltaFormat: inv.spec.crdtDeltaFormat, broadcastDelayMs: 100,
        rebroadcastMs: config.rebroadcastMs, isLossy: inv.host.faults.has('crdt-slow') });
    }
    const { term, state } = initialRaftState(inv, config, self, this.flags);
    return new RaftNode({ self, protocol: inv.spec.rpcProtocol, secret: config.secret, term, state,
      persist: (t, s) => writeRaftDb(this.raftFolder, { term: t, ...s }),
      onRemoved: () => {
        this.isRemoved = true;
        log('INFO', 'cluster', inv.spec.removedLog === 'removed-from-raft' ? `${self.id}: removed from raft. Initiating shutdown`
          : 'peer no longer in peerset. Initiating shutdown');
        setTimeout(() => void this.shutdown(), 300);
      } });
  }

  async start(): Promise<void> {
    const { inv, config } = this;
    const rest = bindAddress(inv, config.restListen, inv.host.ports.rest);
    this.servers.push(await listen('creating REST API component', rest, () => serveRestApi(rest, () => this.peer)));
    log('INFO', 'restapi', `REST API (HTTP): /ip4/${rest.host}/tcp/${rest.port}`);
    if (config.proxyListen) {
      const proxy = bindAddress(inv, config.proxyListen, inv.host.ports.proxy);
      this.servers.push(await listen('creating IPFS Connector component', proxy, () => serveProxy(proxy)));
      log('INFO', 'ipfsproxy', `IPFS Proxy: /ip4/${proxy.host}/tcp/${proxy.port} -> /ip4/127.0.0.1/tcp/5001`);
    }
    validateVersion(inv, config);
    const clusterAddr = bindAddress(inv, config.clusterListen, inv.host.ports.cluster);
    const self = { id: config.identity.id, addr: `/ip4/${clusterAddr.host}/tcp/${clusterAddr.port}` };
    const isDeaf = inv.host.faults.has('never-ready');
    const peer = new Peer(inv.spec, config, self, this.buildConsensus(self), { isDeaf, version: shownVersion(inv.spec, inv.host.isDockerBuild),
      pinError: inv.host.faults.has('pin-error') ? 'context deadline exceeded (sim fault pin-error)' : '' });
    this.peer = peer;
    this.servers.push(await listen('creating libp2p host', clusterAddr, () => serveCluster(clusterAddr, (e) => peer.handle(e))));
    this.logListening(self);
    process.on('SIGTERM', () => void this.shutdown());
    process.on('SIGINT', () => void this.shutdown());
    this.watchHostFolder();
    if (!isDeaf) {
      peer.consensus.start();
      await this.bootstrap(peer);
    }
    await this.waitForReady(peer, isDeaf);
  }

  // Sim machinery, not IPFS Cluster: the pid goes to .sim/daemon.pid (so ipfs-cluster-sim-stop finds daemons however
  // they were started), and a daemon whose simulated host folder was deleted exits, so no test leaks peers.
  private watchHostFolder(): void {
    const marker = join(simDir(this.inv.host.home), 'host.json');
    if (!existsSync(marker)) return;
    writeFileSync(join(simDir(this.inv.host.home), 'daemon.pid'), String(process.pid));
    setInterval(() => { if (!existsSync(marker)) process.exit(0); }, 2000).unref();
  }

  private logListening(self: Member): void {
    const addr = `${self.addr}/${this.inv.spec.addrProtocol}/${self.id}`;
    if (this.inv.spec.isBareDaemon) {
      log('INFO', 'cluster', `IPFS Cluster v${shownVersion(this.inv.spec, this.inv.host.isDockerBuild, 'listening')} listening on:`);
      log('INFO', 'cluster', `        ${addr}`);
    } else {
      log('INFO', 'cluster', `IPFS Cluster v${shownVersion(this.inv.spec, this.inv.host.isDockerBuild, 'listening')} listening on:\n        ${addr}\n`);
    }
  }

  private async bootstrap(peer: Peer): Promise<void> {
    const addrs = this.flags.bootstrap.length ? this.flags.bootstrap : this.inv.spec.hasConfigPeers ? this.config.configBootstrap : [];
    if (!addrs.length) return;
    for (const addr of addrs) {
      const error = await peer.consensus.join(addr);
      if (!error) return;
      log('ERROR', 'cluster', `bootstrap to ${addr} failed: ${error}`);
    }
    if (this.inv.spec.readyTimeoutRule === 'double') {
      log('ERROR', 'cluster', '***** ipfs-cluster bootstrap failed (tips below) *****');
      fatal('starting cluster', 'bootstrap unsuccessful');
    }
  }

  // a deaf peer (fault never-ready) is never READY, whatever its consensus (a CRDT one would be at once)
  private async waitForReady(peer: Peer, isDeaf: boolean): Promise<void> {
    const wait = this.config.waitForLeaderMs;
    const deadline = Date.now() + (this.inv.spec.readyTimeoutRule === 'double' ? 2 * wait : wait + 5000);
    while (isDeaf || !peer.consensus.isReady()) {
      if (this.isStopping) return;
      if (Date.now() > deadline) {
        for (const line of timeoutBanner(this.inv.spec.readyTimeoutRule === 'double')) log('ERROR', 'cluster', line);
        return this.shutdown();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const others = peer.consensus.state.peers.filter((p) => p.id !== peer.self.id);
    log('INFO', 'cluster', 'Cluster Peers (without including ourselves):');
    log('INFO', 'cluster', others.length ? others.map((p) => `    - ${p.id}`).join('\n') : '    - No other peers');
    log('INFO', 'cluster', '** IPFS Cluster is READY **');
    this.isReady = true;
  }

  private async leave(peer: Peer): Promise<void> {
    if (peer.consensus.state.peers.length < 2) return;
    try {
      await peer.consensus.commit({ kind: 'peer-rm', id: peer.self.id });
      this.isRemoved = true;
    } catch (error) {
      log('ERROR', 'cluster', `leaving the cluster: ${(error as Error).message}`);
    }
  }

  private saveOnShutdown(peer: Peer): void {
    const { state } = peer.consensus;
    const others = state.peers.filter((p) => p.id !== peer.self.id);
    if (this.inv.spec.hasPeerstore && others.length) writePeerstore(this.inv.folder, others, this.inv.spec.addrProtocol);
    if (this.config.consensus !== 'raft' || !state.peers.length) return;
    try {
      writeSnapshot(this.raftFolder, { format: writtenFormat(this.inv.spec), pins: state.pins, peers: state.peers, term: 1,
        index: Math.max(state.index, 1) }, this.inv.host.faults.has('disk-full'));
    } catch (error) {
      log('ERROR', 'raft', `could not take snapshot: ${(error as Error).message}`);
    }
    if (this.inv.spec.hasConfigPeers) this.rewriteLegacyPeers(others);
  }

  // v0.3.x keeps the peers in service.json; a removed peer moves them to `bootstrap` so a restart rejoins.
  private rewriteLegacyPeers(others: readonly Member[]): void {
    const cluster = this.config.raw['cluster'] as Record<string, unknown>;
    const addrs = others.map((p) => `${p.addr}/ipfs/${p.id}`);
    Object.assign(cluster, this.isRemoved ? { peers: [], bootstrap: addrs } : { peers: addrs });
    writeJson(`${this.inv.folder}/service.json`, this.config.raw);
  }

  /** Clean shutdown: leave if asked, snapshot, rotate when removed, release the lock, exit 0. */
  async shutdown(): Promise<void> {
    if (this.isStopping) return;
    this.isStopping = true;
    log('INFO', 'cluster', 'shutting down Cluster');
    const peer = this.peer;
    if (peer) {
      if (this.isReady && !this.isRemoved && (this.config.leaveOnShutdown || this.flags.leave)) await this.leave(peer);
      peer.consensus.stop();
      this.saveOnShutdown(peer);
      if (this.isRemoved && this.isReady && this.config.consensus === 'raft') {
        cleanupRaft(this.raftFolder, this.config.backupsRotate, this.inv.spec.backupsRotateDefault === null);
      }
    }
    for (const server of this.servers) server.close();
    this.lock.release();
    const pidFile = join(simDir(this.inv.host.home), 'daemon.pid');
    if (existsSync(pidFile) && readFileSync(pidFile, 'utf8') === String(process.pid)) rmSync(pidFile);
    log('INFO', 'cluster', 'IPFS Cluster has been shut down');
    process.exit(0);
  }
}

/** Runs `ipfs-cluster-service daemon` (or the bare v0.3.x command) until it is stopped, removed or times out. */
export async function runDaemon(inv: Invocation): Promise<void> {
  const flags = daemonFlags(inv);
  if (flags.upgrade) upgradeBeforeStart(inv, loadConfigOrExit(inv));
  if (inv.spec.lockStyle === 'v0.11' || inv.spec.lockStyle === 'v0.13') mkdirSync(inv.folder, { recursive: true });
  const lock = await lockOrExit(inv.spec, inv.folder);
  if (inv.host.faults.has('new-identity') && inv.spec.hasIdentityJson) {
    writeIdentity(join(inv.folder, 'identity.json'), newIdentity(inv.spec)); // the host was re-inited (sim fault new-identity)
  }
  const config = loadConfigOrExit(inv);
  const cluster = (config.raw['cluster'] ?? {}) as Record<string, unknown>;
  if (!inv.spec.hasConfigPeers && ('peers' in cluster || 'bootstrap' in cluster)) {
    fatal('loading configurations', 'cluster.Peers and cluster.Bootstrap keys have been deprecated');
  }
  log('INFO', 'service', 'Initializing. For verbose output run with "-l debug". Please wait...');
  // crash-at-start-crdt: only under CRDT, so that a Raft → CRDT migration fails midway and its Raft rollback still starts
  if (inv.host.faults.has('crash-at-start') || (inv.host.faults.has('crash-at-start-crdt') && config.consensus === 'crdt')) {
    process.stderr.write('panic: simulated crash at start (sim fault crash-at-start)\n');
    process.exit(2);
  }
  if (inv.spec.hasConfigPeers && flags.bootstrap.length && config.configPeers.length && !hasFlag(inv.globals, 'force')) {
    process.stderr.write('the configuration provides cluster.Peers. Use -f to ignore and proceed bootstrapping\n');
    process.exit(1);
  }
  renameLegacyFolder(inv, config);
  if (flags.bootstrap.length && config.consensus === 'raft' && !inv.spec.hasConfigPeers) {
    cleanupRaft(raftFolderOf(inv, config), config.backupsRotate, false);
  }
  await new Daemon(inv, config, flags, lock).start();
}
