/**
 * Process faults on a three-node cluster, on a seeded schedule: kill -9 and restart,
 * SIGSTOP/SIGCONT, latency injected in user space (a node frozen and thawed in short random
 * bursts: tc netem is not available here), and a rolling restart, one faulty node at a time so QUORUM stays
 * available; plus a phase with two nodes down where nothing may be acknowledged. Every
 * fault is logged with its start and end on the history's clock.
 */
import type { Cluster } from '../../support/cluster.js';
import { sleep } from '../../support/cluster.js';
import { monotonicNow } from '../../support/history/index.js';
import type { SeededRandom } from './seeded-random.js';

export type FaultKind = 'kill' | 'pause' | 'slow' | 'rolling-restart' | 'two-down';

export interface FaultRecord {
  kind: FaultKind;
  nodes: number[];
  /** When the fault was in place (after the signal), and when healing began. */
  start: number;
  end: number;
}

export class Nemesis {
  readonly faults: FaultRecord[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly random: SeededRandom,
  ) {}

  /**
   * Injects single-node faults until `durationMs` has passed (the fault under way finishes
   * and heals first): a kill, a pause, a slow node and one rolling restart in a random order,
   * then random kills, pauses and slow nodes.
   */
  async run(durationMs: number): Promise<void> {
    const until = monotonicNow() + durationMs;
    const first: FaultKind[] = ['kill', 'pause', 'slow', 'rolling-restart'];
    for (let i = first.length - 1; i > 0; i -= 1) {
      const j = this.random.int(i + 1);
      [first[i], first[j]] = [first[j]!, first[i]!];
    }
    while (monotonicNow() < until) {
      const kind = first.shift() ?? this.random.pick<FaultKind>(['kill', 'pause', 'slow']);
      if (kind === 'rolling-restart') await this.rollingRestart();
      else if (kind === 'slow') await this.slowDown(this.random.int(3), this.random.between(2_000, 5_000));
      else if (kind === 'kill') await this.killAndRestart(this.random.int(3), this.random.between(1_500, 5_000));
      // Some pauses outlast failure detection (about 2-3 s here), some do not.
      else await this.pauseAndResume(this.random.int(3), this.random.between(1_000, 6_000));
      await sleep(this.random.between(500, 2_000));
    }
  }

  async killAndRestart(node: number, holdMs: number): Promise<void> {
    await this.cluster.kill(node, 'SIGKILL');
    const start = monotonicNow();
    await sleep(holdMs);
    this.record('kill', [node], start);
    await this.cluster.restart(node);
    await this.cluster.waitForNormal(45_000);
  }

  async pauseAndResume(node: number, holdMs: number): Promise<void> {
    this.cluster.pause(node);
    const start = monotonicNow();
    await sleep(holdMs);
    this.record('pause', [node], start);
    this.cluster.resume(node);
    await this.cluster.waitForNormal(45_000);
  }

  /**
   * Delays everything a node does by up to a few hundred ms for `holdMs`: it is frozen
   * (SIGSTOP) and thawed in short random bursts, so requests to it, its replies and its
   * gossip all arrive late, mostly within the timeouts and below the failure detector's
   * threshold: the slow replica a coordinator must not wait for.
   */
  async slowDown(node: number, holdMs: number): Promise<void> {
    const start = monotonicNow();
    while (monotonicNow() - start < holdMs) {
      this.cluster.pause(node);
      await sleep(this.random.between(20, 300));
      this.cluster.resume(node);
      await sleep(this.random.between(10, 80));
    }
    this.record('slow', [node], start);
    await this.cluster.waitForNormal(45_000);
  }

  /** Graceful restart of every node in turn, as an upgrade does. */
  async rollingRestart(): Promise<void> {
    const start = monotonicNow();
    for (const node of this.cluster.indices()) {
      await this.cluster.restart(node);
      await this.cluster.waitForNormal(45_000);
    }
    this.record('rolling-restart', this.cluster.indices(), start);
  }

  /**
   * Kills two nodes for `holdMs` and returns the window in which both were down; the caller
   * heals with heal().
   */
  async killTwo(holdMs: number): Promise<{ start: number; end: number; nodes: number[] }> {
    const survivor = this.random.int(3);
    const nodes = this.cluster.indices().filter((i) => i !== survivor);
    for (const node of nodes) await this.cluster.kill(node, 'SIGKILL');
    const start = monotonicNow();
    await sleep(holdMs);
    return { start, end: this.record('two-down', nodes, start).end, nodes };
  }

  /** Resumes paused nodes, restarts dead ones and waits until every node sees every node UN. */
  async heal(): Promise<void> {
    for (const node of this.cluster.indices()) {
      if (this.cluster.node(node).running) this.cluster.resume(node);
      else await this.cluster.restart(node);
    }
    await this.cluster.waitForNormal(60_000);
  }

  /** e.g. `kill 3, pause 4, rolling-restart 1, two-down 1`. */
  summary(): string {
    const counts = new Map<FaultKind, number>();
    for (const f of this.faults) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
    return [...counts].map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none';
  }

  private record(kind: FaultKind, nodes: number[], start: number): FaultRecord {
    const fault = { kind, nodes, start, end: monotonicNow() };
    this.faults.push(fault);
    return fault;
  }
}
