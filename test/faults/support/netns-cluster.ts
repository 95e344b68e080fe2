/**
 * A dynaring cluster whose nodes each run in their own network namespace (netns-topology.ts),
 * behind the same `Cluster` interface as the loopback cluster, so the fault workload, final
 * reads and repair drive it unchanged. Every namespace has its own network stack, so every
 * node serves the default ports (8000 and 7000) on its own address; node 1 is the seed.
 */
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddNodeOptions, Cluster, ClusterNode } from '../../support/cluster.js';
import { ObservedCluster, withTimeout } from '../../support/cluster-observer.js';
import { startNode, type RunningNode } from '../../support/node-process.js';
import type { NodeStatus, StatusEntry } from '../../support/nodetool.js';
import type { NetnsTopology } from './netns-topology.js';

const ALTERNATOR_PORT = 8000;
const STORAGE_PORT = 7000;

export interface NetnsClusterOptions {
  /** Nodes started now (default: one per namespace of the topology). */
  nodes?: number;
  writeRequestTimeoutMs?: number;
  readRequestTimeoutMs?: number;
  /** Bound on every node's start, bootstrap included (default 60 s). */
  readyTimeoutMs?: number;
}

/** One spawn of a node: a restart replaces it. */
interface Spawned {
  readonly node: RunningNode;
  exited: boolean;
}

export class NetnsCluster extends ObservedCluster implements Cluster {
  readonly alternatorPort = ALTERNATOR_PORT;
  readonly storagePort = STORAGE_PORT;
  private readonly root = mkdtempSync(join(tmpdir(), 'dynaring-netns-'));
  private readonly spawned: Spawned[] = [];
  private keep = Boolean(process.env.DYNARING_KEEP_CLUSTER);

  private constructor(
    private readonly topology: NetnsTopology,
    private readonly opts: NetnsClusterOptions,
  ) {
    super();
  }

  protected addressOf(i: number): string {
    return this.topology.address(i);
  }

  protected endpointOf(i: number): string {
    return `http://${this.topology.address(i)}:${ALTERNATOR_PORT}`;
  }

  protected runningIndices(): number[] {
    return this.indices().filter((i) => !this.proc(i).exited);
  }

  /** Starts the nodes one at a time (concurrent joins race for ranges) and waits for all UN. */
  static async start(topology: NetnsTopology, opts: NetnsClusterOptions = {}): Promise<NetnsCluster> {
    const cluster = new NetnsCluster(topology, opts);
    try {
      for (let i = 0; i < (opts.nodes ?? topology.namespaces.length); i += 1) await cluster.spawn(i);
      await cluster.waitForNormal(30_000);
    } catch (err) {
      cluster.reportFailure();
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  get size(): number {
    return this.spawned.length;
  }

  indices(): number[] {
    return this.spawned.map((_, i) => i);
  }

  node(i: number): ClusterNode {
    const s = this.proc(i);
    const address = this.topology.address(i);
    return {
      index: i,
      name: `node${i + 1}`,
      address,
      endpoint: this.endpointOf(i),
      dataDir: this.dataDir(i),
      logFile: this.logFile(i),
      pid: s.node.pid,
      running: !s.exited,
      // Only a node that printed "ready" is ever recorded.
      ready: Promise.resolve(),
    };
  }

  async kill(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const s = this.proc(i);
    if (s.exited) return;
    s.node.kill(signal);
    // A stopped process only acts on SIGKILL; anything else waits for SIGCONT.
    if (signal !== 'SIGKILL') s.node.kill('SIGCONT');
    await withTimeout(s.node.waitExit(), 15_000, `node${i + 1} to exit after ${signal}`);
  }

  pause(i: number): void {
    if (!this.proc(i).exited) this.proc(i).node.kill('SIGSTOP');
  }

  resume(i: number): void {
    if (!this.proc(i).exited) this.proc(i).node.kill('SIGCONT');
  }

  async restart(i: number): Promise<void> {
    const s = this.proc(i);
    if (!s.exited) {
      s.node.kill('SIGCONT');
      // stop() escalates to SIGKILL itself and then says so; a restart only needs it gone.
      await s.node.stop().catch(() => {});
    }
    await this.spawn(i);
  }

  async addNode(opts: AddNodeOptions = {}): Promise<number> {
    if (opts.waitReady === false) throw new Error('NetnsCluster.addNode always waits for ready');
    const i = this.spawned.length;
    if (i >= this.topology.namespaces.length) throw new Error(`the topology has no namespace for a node ${i + 1}`);
    await this.spawn(i);
    return i;
  }

  reportFailure(): void {
    const first = !this.keep;
    this.keep = true;
    if (!first) {
      process.stderr.write(`\n(dynaring cluster logs kept in ${this.root})\n`);
      return;
    }
    const tails = this.indices().map((i) => {
      let text = '';
      try {
        text = readFileSync(this.logFile(i), 'utf8');
      } catch {
        text = '(no log)';
      }
      return `node${i + 1} (${this.logFile(i)}), last 80 lines:\n${text.split('\n').slice(-80).join('\n')}`;
    });
    process.stderr.write(`\n=== dynaring cluster logs (kept in ${this.root}) ===\n${tails.join('\n\n')}\n=== end of cluster logs ===\n`);
  }

  async stop(): Promise<void> {
    for (const s of this.spawned) if (!s.exited) s.node.kill('SIGKILL');
    await Promise.all(this.spawned.map((s) => withTimeout(s.node.waitExit(), 10_000, 'a node to exit').catch(() => {})));
    if (!this.keep) rmSync(this.root, { recursive: true, force: true });
  }

  private async spawn(i: number): Promise<void> {
    mkdirSync(this.dataDir(i), { recursive: true });
    const o = this.opts;
    const node = await startNode({
      commandPrefix: this.topology.commandPrefix(i),
      listenAddress: this.topology.address(i),
      port: ALTERNATOR_PORT,
      storagePort: STORAGE_PORT,
      dataDir: this.dataDir(i),
      logFile: this.logFile(i),
      readyTimeoutMs: o.readyTimeoutMs ?? 60_000,
      args: [
        '--seeds', `${this.topology.address(0)}:${STORAGE_PORT}`,
        '--gossip-interval-ms', '100',
        '--phi-convict-threshold', '8',
        '--ring-delay-ms', '1000',
        '--num-tokens', '16',
        ...(o.writeRequestTimeoutMs === undefined ? [] : ['--write-request-timeout-in-ms', String(o.writeRequestTimeoutMs)]),
        ...(o.readRequestTimeoutMs === undefined ? [] : ['--read-request-timeout-in-ms', String(o.readRequestTimeoutMs)]),
      ],
    });
    assertIsNodeInNamespace(node.pid, this.topology.namespaces[i]!);
    const s: Spawned = { node, exited: false };
    void node.waitExit().then(() => (s.exited = true));
    this.spawned[i] = s;
  }

  private proc(i: number): Spawned {
    const s = this.spawned[i];
    if (!s) throw new Error(`no node ${i} in this cluster (it has ${this.spawned.length})`);
    return s;
  }

  private dataDir(i: number): string {
    return join(this.root, `node${i + 1}`, 'data');
  }

  private logFile(i: number): string {
    return join(this.root, `node${i + 1}`, 'node.log');
  }
}

/**
 * The pid we signal must be the node itself (ip and setpriv exec'd in place, no wrapper in
 * between that would swallow SIGSTOP or outlive a SIGKILL), and it must live in its namespace.
 */
function assertIsNodeInNamespace(pid: number, ns: string): void {
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (cmdline[0] !== process.execPath && !cmdline[0]?.endsWith('/node')) {
    throw new Error(`pid ${pid} spawned for ${ns} is not the node but ${cmdline.join(' ')}`);
  }
  if (readlinkSync(`/proc/${pid}/ns/net`) === readlinkSync('/proc/self/ns/net')) {
    throw new Error(`node pid ${pid} runs in the test's network namespace, not in ${ns}`);
  }
}
