/**
 * A multi-process dynaring cluster on loopback for tests, in the manner of Scylla's
 * ManagerClient and Cassandra's ccm: node i (0-based) is a real node process listening on
 * 127.0.0.(i+1) with its own temp data dir; every node uses the same port pair, distinct per
 * cluster; node 0 is the seed. Every wait is bounded.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterProcess, killAllClusterProcesses } from './cluster-process.js';
import { reservePortPair, type PortPair } from './cluster-ports.js';
import { ObservedCluster, sleep, waitFor, withTimeout } from './cluster-observer.js';
import type { NodeStatus, StatusEntry } from './nodetool.js';

export { sleep, waitFor };
export { parseDescribeRing, parseEndpoints, type NodeStatus, type StatusEntry, type DescribedRange } from './nodetool.js';

export interface ClusterOptions {
  /** Nodes started by startCluster (default 3). */
  nodes?: number;
  /** Seeds the port pair choice; pass the test file name so parallel files differ. */
  name?: string;
  /** Highest node count this cluster will reach with addNode (default 4); ports are checked on all. */
  maxNodes?: number;
  gossipIntervalMs?: number;
  phiConvictThreshold?: number;
  ringDelayMs?: number;
  numTokens?: number;
  writeRequestTimeoutMs?: number;
  readRequestTimeoutMs?: number;
  logLevel?: string;
  /** Flags appended for every node. */
  extraArgs?: readonly string[];
  /** Per spawn: how long a node may take to print "ready" (default 60 s, bootstrap included). */
  readyTimeoutMs?: number;
  /** Wait until every node sees every node UN before returning (default true). */
  waitForNormal?: boolean;
  /** Bound for that wait (default 30 s). */
  settleTimeoutMs?: number;
}

export interface ClusterNode {
  readonly index: number;
  /** node1, node2, ... (1-based, like the last octet of the address) */
  readonly name: string;
  readonly address: string;
  /** http://127.0.0.(i+1):alternatorPort */
  readonly endpoint: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly pid: number;
  readonly running: boolean;
  /** Settles when the current spawn prints "ready". */
  readonly ready: Promise<void>;
}

export interface AddNodeOptions {
  /** Resolve only once the node prints "ready" (default true); false returns right after spawning. */
  waitReady?: boolean;
}

export interface Cluster {
  readonly alternatorPort: number;
  readonly storagePort: number;
  readonly size: number;
  node(i: number): ClusterNode;
  /** Indices of every node this cluster has spawned, dead or alive. */
  indices(): number[];
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  pause(i: number): void;
  resume(i: number): void;
  /** Stops the node if it still runs (SIGTERM), then starts it again with the same data dir and flags. */
  restart(i: number): Promise<void>;
  /** Starts the next node (127.0.0.4 for the fourth), joining through the seed; returns its index. */
  addNode(opts?: AddNodeOptions): Promise<number>;
  nodetool(i: number, ...args: string[]): Promise<string>;
  /** `nodetool ... --json`, parsed. */
  nodetoolJson<T = unknown>(i: number, ...args: string[]): Promise<T>;
  /** `nodetool status --json` on node i, as one entry per node. */
  status(i: number): Promise<StatusEntry[]>;
  /** Polls `nodetool status` on `observer` until `address` shows `status` (or is absent). */
  waitForStatus(observer: number, address: string, status: NodeStatus, timeoutMs?: number): Promise<void>;
  /** Waits until every running node sees every running node UN, and nothing else. */
  waitForNormal(timeoutMs?: number): Promise<void>;
  /** GET /localnodes on node i. */
  localNodes(i: number): Promise<string[]>;
  /** Prints every node's log tail to stderr and keeps the temp dir (for a failed test). */
  reportFailure(): void;
  /** Kills every node and removes the temp dirs (unless reportFailure ran or DYNARING_KEEP_CLUSTER is set). */
  stop(): Promise<void>;
}

const clusters = new Set<LocalCluster>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    killAllClusterProcesses();
    for (const cluster of clusters) cluster.cleanupSync();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllClusterProcesses();
      process.exit(130);
    });
  }
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  installExitHook();
  const count = opts.nodes ?? 3;
  const maxNodes = Math.max(opts.maxNodes ?? 4, count);
  const ports = await reservePortPair(opts.name ?? `${process.pid}-${Math.random()}`, addressesUpTo(maxNodes));
  const cluster = new LocalCluster(opts, ports, maxNodes);
  clusters.add(cluster);
  try {
    // One at a time, as operators bootstrap: concurrent joins race for the same ranges.
    for (let i = 0; i < count; i += 1) await cluster.spawn(i).ready;
    if (opts.waitForNormal ?? true) await cluster.waitForNormal(opts.settleTimeoutMs ?? 30_000);
  } catch (err) {
    cluster.reportFailure();
    await cluster.stop();
    throw err;
  }
  return cluster;
}


const addressOf = (i: number): string => `127.0.0.${i + 1}`;
const addressesUpTo = (n: number): string[] => Array.from({ length: n }, (_, i) => addressOf(i));

class LocalCluster extends ObservedCluster implements Cluster {
  private readonly root = mkdtempSync(join(tmpdir(), 'dynaring-cluster-'));
  private readonly processes: ClusterProcess[] = [];
  private keep = Boolean(process.env.DYNARING_KEEP_CLUSTER);
  private reported = false;

  constructor(
    private readonly opts: ClusterOptions,
    private readonly ports: PortPair,
    private readonly maxNodes: number,
  ) {
    super();
  }

  protected addressOf(i: number): string {
    return addressOf(i);
  }

  protected endpointOf(i: number): string {
    return `http://${addressOf(i)}:${this.alternatorPort}`;
  }

  protected runningIndices(): number[] {
    return this.indices().filter((i) => this.proc(i).running);
  }

  get alternatorPort(): number {
    return this.ports.alternatorPort;
  }

  get storagePort(): number {
    return this.ports.storagePort;
  }

  get size(): number {
    return this.processes.length;
  }

  indices(): number[] {
    return this.processes.map((_, i) => i);
  }

  node(i: number): ClusterNode {
    const proc = this.proc(i);
    return {
      index: i,
      name: proc.name,
      address: addressOf(i),
      endpoint: this.endpointOf(i),
      dataDir: this.dataDir(i),
      logFile: this.logFile(i),
      pid: proc.pid,
      running: proc.running,
      ready: proc.ready,
    };
  }

  spawn(i: number): ClusterProcess {
    if (i >= this.maxNodes) throw new Error(`node index ${i} is beyond maxNodes ${this.maxNodes}`);
    const o = this.opts;
    mkdirSync(this.dataDir(i), { recursive: true });
    const args = [
      '--listen-address', addressOf(i),
      '--alternator-port', String(this.alternatorPort),
      '--storage-port', String(this.storagePort),
      '--seeds', `${addressOf(0)}:${this.storagePort}`,
      '--data-dir', this.dataDir(i),
      '--gossip-interval-ms', String(o.gossipIntervalMs ?? 100),
      '--phi-convict-threshold', String(o.phiConvictThreshold ?? 8),
      '--ring-delay-ms', String(o.ringDelayMs ?? 1000),
      '--num-tokens', String(o.numTokens ?? 16),
      '--log-level', o.logLevel ?? 'info',
      ...(o.writeRequestTimeoutMs === undefined ? [] : ['--write-request-timeout-in-ms', String(o.writeRequestTimeoutMs)]),
      ...(o.readRequestTimeoutMs === undefined ? [] : ['--read-request-timeout-in-ms', String(o.readRequestTimeoutMs)]),
      ...(o.extraArgs ?? []),
    ];
    const proc = new ClusterProcess(`node${i + 1}`, args, this.logFile(i), o.readyTimeoutMs ?? 60_000);
    this.processes[i] = proc;
    return proc;
  }

  async kill(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.proc(i);
    proc.signal(signal);
    // A stopped process only acts on SIGKILL; anything else waits for SIGCONT.
    if (signal !== 'SIGKILL') proc.signal('SIGCONT');
    await withTimeout(proc.exited, 15_000, `${proc.name} to exit after ${signal}`);
  }

  pause(i: number): void {
    this.proc(i).signal('SIGSTOP');
  }

  resume(i: number): void {
    this.proc(i).signal('SIGCONT');
  }

  async restart(i: number): Promise<void> {
    const proc = this.proc(i);
    if (proc.running) await proc.stop();
    await this.spawn(i).ready;
  }

  async addNode(opts: AddNodeOptions = {}): Promise<number> {
    const i = this.processes.length;
    const proc = this.spawn(i);
    if (opts.waitReady ?? true) await proc.ready;
    return i;
  }

  reportFailure(): void {
    // The first failure prints the tails; later ones in the same file would repeat them.
    if (this.keep && this.reported) {
      process.stderr.write(`\n(dynaring cluster logs kept in ${this.root})\n`);
      return;
    }
    this.keep = true;
    this.reported = true;
    const tails = this.processes.map((p) => p.logTail()).join('\n\n');
    process.stderr.write(`\n=== dynaring cluster logs (kept in ${this.root}) ===\n${tails}\n=== end of cluster logs ===\n`);
  }

  async stop(): Promise<void> {
    for (const proc of this.processes) proc.signal('SIGKILL');
    await Promise.all(this.processes.map((p) => withTimeout(p.exited, 10_000, `${p.name} to exit`).catch(() => {})));
    this.cleanupSync();
    clusters.delete(this);
  }

  cleanupSync(): void {
    this.ports.release();
    if (!this.keep) rmSync(this.root, { recursive: true, force: true });
  }

  private proc(i: number): ClusterProcess {
    const proc = this.processes[i];
    if (!proc) throw new Error(`no node ${i} in this cluster (it has ${this.processes.length})`);
    return proc;
  }

  private dataDir(i: number): string {
    return join(this.root, `node${i + 1}`, 'data');
  }

  private logFile(i: number): string {
    return join(this.root, `node${i + 1}`, 'node.log');
  }
}
