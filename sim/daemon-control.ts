#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { simDir } from './core/host.js';

// ipfs-cluster-sim-start [--no-wait] [service args…] / ipfs-cluster-sim-stop: the stand-ins for `systemctl start|stop`.
const home = process.env['HOME'] || homedir();
const pidFile = join(simDir(home), 'daemon.pid');
const logFile = join(simDir(home), 'daemon.log');

// Running = the process exists, is a simulated ipfs-cluster-service (a stale pid file may name a reused pid), and is
// not a zombie (a daemon whose starter exited is reparented; where nothing reaps it, it lingers as one).
function isAlive(pid: number): boolean {
  if (!processExists(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('service/main.js')
      && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch { return false; }
}

function runningPid(): number | null {
  let text: string;
  // The daemon removes its pid file on a clean exit, possibly between a check and a read: read once, absent = none.
  try { text = readFileSync(pidFile, 'utf8'); } catch { return null; }
  const pid = Number(text);
  return isAlive(pid) ? pid : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start jobs are serialised, as systemd queues a unit's jobs: a start waits for one in progress (a start that outlived
 * the controller that ran it, say) to end, then finds the daemon running. The lock holds the starter's pid; a lock
 * whose starter is dead is taken over.
 */
async function startLock(): Promise<() => void> {
  const file = join(simDir(home), 'start.lock');
  let isToldWaiting = false;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder > 0 && !processExists(holder)) { rmSync(file, { force: true }); continue; }
    if (!isToldWaiting) process.stdout.write(`waiting for the start in progress (pid ${holder}) to end\n`);
    isToldWaiting = true;
    await sleep(50);
  }
}

function processExists(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function stop(): Promise<number> {
  const pid = runningPid();
  if (pid === null) { process.stdout.write('ipfs-cluster-service is not running\n'); return 0; }
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 300 && runningPid() !== null; i++) await sleep(100);
  if (runningPid() !== null) process.kill(pid, 'SIGKILL');
  rmSync(pidFile, { force: true });
  process.stdout.write(`ipfs-cluster-service (pid ${pid}) stopped\n`);
  return 0;
}

function tail(from: number): string {
  return readFileSync(logFile, 'utf8').slice(from).split('\n').slice(-20).join('\n');
}

async function start(argv: readonly string[]): Promise<number> {
  const release = await startLock();
  try {
    return await startOnce(argv);
  } finally {
    release();
  }
}

/** As `systemctl start`: a daemon already running is left as it is (exit 0), whatever arguments it was started with. */
async function startOnce(argv: readonly string[]): Promise<number> {
  const isNoWait = argv[0] === '--no-wait';
  const args = isNoWait ? argv.slice(1) : argv;
  const running = runningPid();
  if (running !== null) { process.stdout.write(`ipfs-cluster-service is already running (pid ${running})\n`); return 0; }
  writeFileSync(logFile, '', { flag: 'a' });
  const offset = statSync(logFile).size;
  const fd = openSync(logFile, 'a');
  const child = spawn(join(home, 'bin', 'ipfs-cluster-service'), args.length ? args : ['daemon'],
    { detached: true, stdio: ['ignore', fd, fd], env: process.env });
  closeSync(fd);
  writeFileSync(pidFile, String(child.pid));
  let exitCode: number | null = null;
  child.on('exit', (code) => { exitCode = code ?? 1; });
  child.unref();
  if (isNoWait) { process.stdout.write(`started (pid ${child.pid}, log ${logFile})\n`); return 0; }
  const deadline = Date.now() + Number(process.env['IPFS_CLUSTER_SIM_START_TIMEOUT'] ?? 60) * 1000;
  while (Date.now() < deadline) {
    if (readFileSync(logFile, 'utf8').slice(offset).includes('** IPFS Cluster is READY **')) {
      process.stdout.write(`ipfs-cluster-service READY (pid ${child.pid}, log ${logFile})\n`);
      return 0;
    }
    if (exitCode !== null) {
      process.stderr.write(`ipfs-cluster-service exited with status ${exitCode} before READY; last lines of ${logFile}:\n${tail(offset)}\n`);
      return 1;
    }
    await sleep(50);
  }
  process.stderr.write(`ipfs-cluster-service not READY in time (still running, pid ${child.pid}); last lines:\n${tail(offset)}\n`);
  return 1;
}

process.exitCode = process.env['IPFS_CLUSTER_SIM_ACTION'] === 'stop' ? await stop() : await start(process.argv.slice(2));
