/**
 * A private network for a cluster under test: one Linux network namespace per node, each
 * joined by a veth pair to a bridge that this test owns in the root namespace. Node i
 * (0-based) is 10.213.T.(i+1) in namespace `dr-<pid>-n<i+1>`, the bridge is 10.213.T.254, so
 * the test process reaches every node over the bridge, and nodes reach each other only through
 * it: nftables rules inside a namespace then cut exactly the links a test asks for, with
 * addresses telling nodes apart (on loopback they cannot). Namespaces have no default route,
 * so nodes can talk to nothing but each other and the test.
 *
 * Every name carries the creating process's pid, so a later run can tell the leftovers of a
 * crashed run (owner gone) from those of a run still going, and remove only the former.
 */
import { spawn } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { inNamespace, run, runQuietly, runSyncQuietly } from './netns-exec.js';

/** The /24s tried are 10.213.T.0/24; 10.213/16 is rarely used by hosts, Docker or Kubernetes. */
const SUBNET_PREFIX = '10.213';
const BRIDGE_HOST = 254;
/** The connectivity probe's port; nodes are not running yet when it is used. */
const PROBE_PORT = 7999;
const PROBE_TIMEOUT_MS = 5_000;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

const NAMESPACE = /^dr-(\d+)-n\d+$/;
const LINK = /^(?:drbr(\d+)|drv(\d+)n\d+)$/;

export interface NetnsTopology {
  /** e.g. 10.213.7.0/24 */
  readonly subnet: string;
  readonly bridge: string;
  /** The bridge's address: where the test process's connections to nodes come from. */
  readonly gateway: string;
  /** Namespace of node i at index i. */
  readonly namespaces: readonly string[];
  address(i: number): string;
  /**
   * Prefix of a command line that runs inside node i's namespace and is killed (SIGKILL) when
   * the test process dies, however it dies. Both `ip netns exec` and `setpriv` exec in place,
   * so the spawned pid is the command's own.
   */
  commandPrefix(i: number): string[];
  /** Deletes the namespaces (with their nftables tables and veth ends), veths and bridge; idempotent. */
  close(): Promise<void>;
}

/** Builds the topology for `nodes` nodes, or returns why it cannot be built here. */
export async function openNetnsTopology(nodes: number): Promise<NetnsTopology | string> {
  if (process.getuid?.() !== 0) return 'not root: network namespaces and nftables need CAP_SYS_ADMIN and CAP_NET_ADMIN';
  for (const [command, args, pkg] of [['ip', ['-V'], 'iproute2'], ['nft', ['--version'], 'nftables']] as const) {
    try {
      await run(command, args);
    } catch (err) {
      return `${command} is not usable (apt-get install ${pkg}): ${(err as Error).message}`;
    }
  }
  const removed = await removeStaleTopologies();
  if (removed.length > 0) process.stderr.write(`[faults] removed leftovers of crashed runs: ${removed.join(', ')}\n`);

  const third = await pickFreeSubnet();
  if (third === undefined) return `no free /24 under ${SUBNET_PREFIX}.0.0/16: every one is in use on this host`;
  const suffix = String(process.pid);
  const subnet = `${SUBNET_PREFIX}.${third}.0/24`;
  const address = (i: number) => `${SUBNET_PREFIX}.${third}.${i + 1}`;
  const bridge = `drbr${suffix}`;
  const gateway = `${SUBNET_PREFIX}.${third}.${BRIDGE_HOST}`;
  const namespaces = Array.from({ length: nodes }, (_, i) => `dr-${suffix}-n${i + 1}`);
  const veth = (i: number) => `drv${suffix}n${i + 1}`;

  // Should the worker die before close(), nothing of this may outlive it.
  const closeSync = () => {
    for (const ns of namespaces) {
      runSyncQuietly('ip', ['netns', 'del', ns]);
    }
    runSyncQuietly('ip', ['link', 'del', bridge]);
  };
  process.once('exit', closeSync);
  let closed = false;
  const topology: NetnsTopology = {
    subnet,
    bridge,
    gateway,
    namespaces,
    address,
    commandPrefix: (i) => ['ip', 'netns', 'exec', namespaces[i]!, ...(setpriv ? [setpriv, '--pdeathsig', 'KILL', '--'] : [])],
    async close() {
      if (closed) return;
      closed = true;
      process.off('exit', closeSync);
      for (const ns of namespaces) await removeNamespace(ns);
      for (let i = 0; i < nodes; i += 1) await runQuietly('ip', ['link', 'del', veth(i)]);
      await runQuietly('ip', ['link', 'del', bridge]);
    },
  };

  try {
    await run('ip', ['link', 'add', bridge, 'type', 'bridge']);
    await run('ip', ['addr', 'add', `${gateway}/24`, 'dev', bridge]);
    await run('ip', ['link', 'set', bridge, 'up']);
    for (const [i, ns] of namespaces.entries()) {
      await run('ip', ['netns', 'add', ns]);
      await run('ip', ['link', 'add', veth(i), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      await run('ip', ['link', 'set', veth(i), 'master', bridge, 'up']);
      await run('ip', ['-n', ns, 'addr', 'add', `${address(i)}/24`, 'dev', 'eth0']);
      await run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
  } catch (err) {
    await topology.close();
    return `cannot create namespaces, veths or bridge: ${(err as Error).message}`;
  }
  const unreachable = await probe(topology);
  if (unreachable) {
    await topology.close();
    return `namespaces were created but cannot reach each other over ${bridge} (a host firewall on bridged traffic?): ${unreachable}`;
  }
  return topology;
}

/**
 * Removes namespaces, veths and bridges whose creating process is gone, killing whatever
 * still runs in such a namespace (nodes of a crashed run); returns the names removed.
 */
export async function removeStaleTopologies(): Promise<string[]> {
  const removed: string[] = [];
  const listed = await run('ip', ['netns', 'list']).catch(() => '');
  for (const ns of listed.split('\n').map((line) => line.split(' ')[0] ?? '')) {
    const owner = NAMESPACE.exec(ns)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    await removeNamespace(ns);
    removed.push(ns);
  }
  const links = await run('ip', ['-o', 'link', 'show']).catch(() => '');
  for (const line of links.split('\n')) {
    // "12: drv123n1@if2: <BROADCAST,...>"
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? '';
    const m = LINK.exec(name);
    if (!m || isAlive(Number(m[1] ?? m[2]))) continue;
    await runQuietly('ip', ['link', 'del', name]);
    removed.push(name);
  }
  return removed;
}

/** Kills what runs in `ns` (only our nodes ever do) so that deleting it frees the namespace. */
async function removeNamespace(ns: string): Promise<void> {
  const pids = await run('ip', ['netns', 'pids', ns]).catch(() => '');
  for (const pid of pids.split('\n').map(Number).filter((p) => Number.isInteger(p) && p > 0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  await runQuietly('ip', ['netns', 'exec', ns, 'nft', 'flush', 'ruleset']);
  await runQuietly('ip', ['netns', 'del', ns]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The first 10.213.T.0/24 that no address or route of the root namespace overlaps. */
async function pickFreeSubnet(): Promise<number | undefined> {
  const addrs = await run('ip', ['-4', '-o', 'addr', 'show']);
  const routes = await run('ip', ['-4', 'route', 'show', 'table', 'all']);
  const taken: Array<[number, number]> = [];
  for (const m of addrs.matchAll(/\binet\s+([\d.]+)\/(\d+)/g)) taken.push([toInt(m[1]!), Number(m[2])]);
  for (const line of routes.split('\n')) {
    // "default via ..." overlaps everything and must not count; "broadcast 10.0.0.255 ..." and
    // "local ..." name their destination second.
    const m = /^(?:(?:unicast|local|broadcast|blackhole|unreachable|prohibit)\s+)?([\d.]+)(?:\/(\d+))?\s/.exec(line);
    if (m) taken.push([toInt(m[1]!), Number(m[2] ?? 32)]);
  }
  const start = process.pid % 250;
  for (let k = 0; k < 250; k += 1) {
    const third = (start + k) % 250;
    const candidate = toInt(`${SUBNET_PREFIX}.${third}.0`);
    if (!taken.some(([net, bits]) => overlaps(candidate, 24, net, bits))) return third;
  }
  return undefined;
}

const toInt = (ip: string): number => ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);

function overlaps(a: number, aBits: number, b: number, bBits: number): boolean {
  const bits = Math.min(aBits, bBits);
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

/**
 * Proves the wiring before any node starts: a listener in node 1's namespace must be reachable
 * from the test process and from every other namespace. Returns what failed, if anything.
 */
async function probe(t: NetnsTopology): Promise<string | undefined> {
  const target = t.address(0);
  const serverScript = `require('net').createServer((c) => c.end('ok')).listen(${PROBE_PORT}, '${target}', () => console.log('listening'));`;
  const server = spawn('ip', ['netns', 'exec', t.namespaces[0]!, process.execPath, '-e', serverScript], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const listening = await new Promise<string | undefined>((resolve) => {
      let err = '';
      const timer = setTimeout(() => resolve(`probe listener in ${t.namespaces[0]} did not start: ${err}`), PROBE_TIMEOUT_MS);
      server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('listening')) {
          clearTimeout(timer);
          resolve(undefined);
        }
      });
      server.once('exit', (code) => {
        clearTimeout(timer);
        resolve(`probe listener in ${t.namespaces[0]} exited with ${code}: ${err}`);
      });
    });
    if (listening) return listening;
    // The listener's pid must be its own, and in another namespace than ours: what the
    // cluster relies on to signal nodes.
    if (readlinkSync(`/proc/${server.pid}/ns/net`) === readlinkSync('/proc/self/ns/net')) return 'ip netns exec did not enter the namespace';
    const fromRoot = await connectOnce(target, PROBE_PORT);
    if (fromRoot) return `from the root namespace to ${target}:${PROBE_PORT}: ${fromRoot}`;
    const clientScript =
      `const s = require('net').connect(${PROBE_PORT}, '${target}'); s.on('data', () => process.exit(0));` +
      `s.on('error', (e) => { console.error(e.message); process.exit(1); }); setTimeout(() => { console.error('timed out'); process.exit(1); }, ${PROBE_TIMEOUT_MS - 1_000});`;
    for (const ns of t.namespaces.slice(1)) {
      try {
        await inNamespace(ns, process.execPath, ['-e', clientScript]);
      } catch (err) {
        return `from ${ns} to ${target}:${PROBE_PORT}: ${(err as Error).message}`;
      }
    }
    return undefined;
  } finally {
    server.kill('SIGKILL');
  }
}

function connectOnce(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_MS });
    socket.once('data', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timed out');
    });
    socket.once('error', (err) => resolve(err.message));
  });
}
