/**
 * Network partitions between nodes that all live on loopback, with nftables. Every
 * inter-node connection leaves from 127.0.0.1 (grpc-js cannot bind a source address), so
 * addresses cannot tell nodes apart; their cgroups can: the isolated node runs in one cgroup
 * v2 group, the others in a second, and rules in this process's own table drop, on the
 * output hook, storage-port traffic from one group toward the other. nodetool (run from the
 * test process, outside both groups) still reaches every node. Needs root, `nft` and a
 * writable cgroup v2 hierarchy; `openPartitioner` says why when it cannot.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** nft resolves `socket cgroupv2` paths under this directory. */
const CGROUP_ROOT = '/sys/fs/cgroup';

export type Direction = 'both' | 'from-isolated' | 'to-isolated';

export interface LoopbackPartitioner {
  /**
   * Runs `spawn` (a startCluster or the restart of a stopped node) with this process, and so
   * the nodes it forks, in the isolated node's group; sockets stay in the group they were
   * made in, so a node must be started inside its group.
   */
  inIsolatedGroup<T>(spawn: () => Promise<T>): Promise<T>;
  /** Runs `spawn` with new processes placed in the majority's group. */
  inMajorityGroup<T>(spawn: () => Promise<T>): Promise<T>;
  /** Drops storage-port traffic between the groups (one or both directions). */
  partition(isolatedAddress: string, storagePort: number, direction: Direction): Promise<void>;
  heal(): Promise<void>;
  /** Deletes the table and the groups; safe to call more than once. */
  close(): Promise<void>;
}

function run(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('nft', args, { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`nft ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** The cgroup v2 mount below CGROUP_ROOT: the root itself (pure v2) or `unified` (hybrid). */
function cgroup2Dir(): string | undefined {
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  for (const dir of [CGROUP_ROOT, join(CGROUP_ROOT, 'unified')]) {
    if (mounts.some((m) => m[1] === dir && m[2] === 'cgroup2')) return dir;
  }
  return undefined;
}

/** Returns a partitioner, or the reason partitions cannot be made here. */
export async function openPartitioner(): Promise<LoopbackPartitioner | string> {
  if (process.getuid?.() !== 0) return 'not root: nftables rules need CAP_NET_ADMIN';
  try {
    await run(['--version']);
  } catch (err) {
    return `nft is not usable (apt-get install nftables): ${(err as Error).message}`;
  }
  const v2 = cgroup2Dir();
  if (!v2) return 'no cgroup v2 hierarchy at /sys/fs/cgroup or /sys/fs/cgroup/unified';
  const table = `dynaring_test_${process.pid}`;
  const groups = { isolated: join(v2, `${table}_isolated`), majority: join(v2, `${table}_majority`) };
  // The group this process started in, to return to after each spawn.
  const home = join(v2, readFileSync('/proc/self/cgroup', 'utf8').match(/^0::(.*)$/m)?.[1] ?? '/');
  try {
    for (const dir of Object.values(groups)) mkdirSync(dir, { recursive: true });
    await run(['-f', '-'], `add table inet ${table}\nadd chain inet ${table} out { type filter hook output priority 0; policy accept; }\n`);
  } catch (err) {
    for (const dir of Object.values(groups)) if (existsSync(dir)) rmdirSync(dir);
    await run(['delete', 'table', 'inet', table]).catch(() => {});
    return `cannot create cgroups or nftables table: ${(err as Error).message}`;
  }
  const nftPath = (dir: string) => JSON.stringify(dir.slice(CGROUP_ROOT.length + 1));
  const level = (dir: string) => dir.slice(v2.length).split('/').filter(Boolean).length;
  const match = (dir: string) => `socket cgroupv2 level ${level(dir)} ${nftPath(dir)}`;
  const moveSelf = (dir: string) => writeFileSync(join(dir, 'cgroup.procs'), String(process.pid));
  const within = async <T>(dir: string, spawn: () => Promise<T>): Promise<T> => {
    moveSelf(dir);
    try {
      return await spawn();
    } finally {
      moveSelf(home);
    }
  };
  // Should the worker die before close(), the rules must not outlive it.
  const onExit = () => {
    try {
      execFileSync('nft', ['delete', 'table', 'inet', table], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  let closed = false;
  return {
    inIsolatedGroup: (spawn) => within(groups.isolated, spawn),
    inMajorityGroup: (spawn) => within(groups.majority, spawn),
    async partition(isolatedAddress, storagePort, direction) {
      const rules: string[] = [];
      if (direction !== 'to-isolated') rules.push(`${match(groups.isolated)} tcp dport ${storagePort} drop`);
      if (direction !== 'from-isolated') rules.push(`${match(groups.majority)} ip daddr ${isolatedAddress} tcp dport ${storagePort} drop`);
      await run(['-f', '-'], rules.map((r) => `add rule inet ${table} out ${r}\n`).join(''));
    },
    async heal() {
      await run(['flush', 'chain', 'inet', table, 'out']);
    },
    async close() {
      if (closed) return;
      closed = true;
      process.off('exit', onExit);
      await run(['delete', 'table', 'inet', table]).catch(() => {});
      for (const dir of Object.values(groups)) {
        try {
          rmdirSync(dir);
        } catch {
          // still holds a process that has not exited yet; an empty group costs nothing
        }
      }
    },
  };
}
