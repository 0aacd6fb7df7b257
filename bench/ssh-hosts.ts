/**
 * Many SSH hosts for the benches from few OpenSSH servers: the test harness's sshd (test/helpers/sshd.ts), each
 * also listening on 15 more loopback addresses (sshd listens on at most 16), so that 200 hosts cost 13 sshd.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startSshd, type SshTestHost } from '../test/helpers/sshd.js';

/** How many addresses one sshd answers on (OpenSSH's MAX_LISTEN_SOCKS). */
const PER_SSHD = 16;

/** A port free on `address` now (the /24 is this process's alone: nothing else binds it on its other addresses). */
function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, address, () => {
      const where = server.address();
      server.close(() => (typeof where === 'object' && where !== null ? resolve(where.port) : reject(new Error('no port'))));
    });
  });
}

/** `count` hosts (host1…) answering on `count` loopback addresses; close() stops the sshd processes. */
export async function loopbackHosts(count: number): Promise<{ hosts: SshTestHost[]; close: () => Promise<void> }> {
  const closers: (() => Promise<void>)[] = [];
  const hosts: SshTestHost[] = [];
  try {
    for (let group = 0; group * PER_SSHD < count; group++) {
      // a /24 per sshd, away from those the tests' harnesses take (127.X.<pid & 255>)
      const base = `127.${20 + ((process.pid >> 8) % 80)}.${(process.pid + 128 + group) & 255}`;
      const addresses = Array.from({ length: Math.min(PER_SSHD, count - group * PER_SSHD) }, (_, i) => `${base}.${i + 1}`);
      const port = addresses.length > 1 ? await freePort(addresses[1]!) : 0;
      const sshd = await startSshd(1, { addressBase: base, shouldCleanUpAfterTests: false,
        extraConfig: addresses.slice(1).map((address) => `ListenAddress ${address}:${port}`) });
      closers.push(() => sshd.close());
      const one = sshd.hosts[0]!;
      hosts.push(...addresses.map((address, i) => ({ ...one, name: `host${hosts.length + i + 1}`, address, port: i ? port : one.port })));
    }
    const knownHostsPath = join(hosts[0]!.home, '..', '..', 'bench_known_hosts');
    writeFileSync(knownHostsPath, hosts.map((h) => `[${h.address}]:${h.port} ${h.hostPublicKey}\n`).join(''));
    return { hosts: hosts.map((h) => ({ ...h, knownHostsPath })), close: async () => { await Promise.all(closers.map((c) => c())); } };
  } catch (error) {
    await Promise.all(closers.map((c) => c()));
    throw error;
  }
}
