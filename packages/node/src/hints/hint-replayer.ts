import type { Clock, ReplicaApi, TimerHandle, Timers } from '@dynaring/core';
import type { HintStore, StoredHint } from '@dynaring/storage';

/** Where a hint target is now: its endpoint and liveness, 'left' the ring, or unknown (yet). */
export type HintTargetLocation = { endpoint: string; alive: boolean } | 'left' | undefined;

export interface HintReplayerOptions {
  store: Pick<HintStore, 'list' | 'delete' | 'deleteTarget' | 'count' | 'stats'>;
  locate: (hostId: string) => HintTargetLocation;
  replicaOf: (endpoint: string) => Pick<ReplicaApi, 'apply'>;
  clock: Clock;
  timers: Timers;
  /** A hint that is no use any more (its table was dropped): deleted unsent. */
  isObsolete?: (hint: StoredHint) => boolean;
  onError?: (err: unknown, hostId: string) => void;
  /** How often live targets with pending hints are retried; default 10 000. */
  intervalMs?: number;
  /** Targets replayed at once (Cassandra's max_hints_delivery_threads); default 2. */
  maxConcurrentTargets?: number;
  /** Hints of one target in flight at once: the throttle; default 8. */
  inFlightPerTarget?: number;
  /** Hints read from the store at a time; default 256. */
  pageSize?: number;
  /** After a failed replay, waits (WaitHints polls) do not retry that target sooner; default 1000. */
  retryDelayMs?: number;
  /** How often a wait checks what is left; default 100. */
  pollMs?: number;
}

export interface WaitResult {
  delivered: number;
  remaining: number;
}

/**
 * Delivers stored hints to their targets: one replay at a time per target, a bounded number
 * of targets at once, each target's hints sent in creation order through its replica, each
 * deleted once acknowledged. A failure stops that target's replay until the next trigger
 * (gossip sees it alive, the periodic retry, a wait). Mutations keep their original
 * timestamps, so a replay racing newer writes cannot undo them (last write wins).
 * Hints of a host that left the ring are dropped.
 */
export class HintReplayer {
  private readonly o: Required<Omit<HintReplayerOptions, 'isObsolete' | 'onError'>> & Pick<HintReplayerOptions, 'isObsolete' | 'onError'>;
  private readonly running = new Map<string, Promise<void>>();
  /** Targets asked for again while their replay ran: it goes round once more. */
  private readonly again = new Set<string>();
  private readonly failedAtMs = new Map<string, number>();
  private readonly deliveredByHost = new Map<string, number>();
  private deliveredTotal = 0;
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(options: HintReplayerOptions) {
    this.o = {
      intervalMs: 10_000,
      maxConcurrentTargets: 2,
      inFlightPerTarget: 8,
      pageSize: 256,
      retryDelayMs: 1000,
      pollMs: 100,
      ...options,
    };
  }

  start(): void {
    this.timer ??= this.o.timers.setInterval(() => void this.retryAll(), this.o.intervalMs);
  }

  /** Stops retrying and waits for the replays under way to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Hints acknowledged by `hostId` (all targets when undefined) since this node started. */
  delivered(hostId?: string): number {
    return hostId === undefined ? this.deliveredTotal : (this.deliveredByHost.get(hostId) ?? 0);
  }

  /** Replays the target's hints now (it came up); resolves when that replay ends. */
  replayNow(hostId: string): Promise<void> {
    this.failedAtMs.delete(hostId);
    return this.schedule(hostId);
  }

  /** Drops every hint of a host that left the ring. */
  async forget(hostId: string): Promise<void> {
    await this.o.store.deleteTarget(hostId);
  }

  /** One round of the periodic retry: every live target with hints, and drops for departed ones. */
  async retryAll(): Promise<void> {
    if (this.stopped) return;
    try {
      const stats = await this.o.store.stats();
      await Promise.all(stats.map((s) => this.schedule(s.targetHostId)));
    } catch (err) {
      this.o.onError?.(err, '');
    }
  }

  /**
   * Waits until the targets (all when undefined) have no pending hint, or the timeout passes,
   * replaying them meanwhile.
   */
  async waitFor(hostIds: readonly string[] | undefined, timeoutMs: number): Promise<WaitResult> {
    const deadline = this.o.clock.nowMs() + timeoutMs;
    const deliveredSoFar = () => (hostIds === undefined ? this.deliveredTotal : hostIds.reduce((n, h) => n + this.delivered(h), 0));
    const start = deliveredSoFar();
    for (;;) {
      const pending = await this.pending(hostIds);
      const remaining = [...pending.values()].reduce((a, b) => a + b, 0);
      const now = this.o.clock.nowMs();
      if (remaining === 0 || now >= deadline || this.stopped) return { delivered: deliveredSoFar() - start, remaining };
      for (const [hostId, count] of pending) {
        const failedAt = this.failedAtMs.get(hostId);
        if (count > 0 && (failedAt === undefined || now - failedAt >= this.o.retryDelayMs)) void this.schedule(hostId);
      }
      await new Promise<void>((resolve) => this.o.timers.setTimeout(resolve, Math.min(this.o.pollMs, deadline - now)));
    }
  }

  private async pending(hostIds: readonly string[] | undefined): Promise<Map<string, number>> {
    if (hostIds === undefined) return new Map((await this.o.store.stats()).map((s) => [s.targetHostId, s.count]));
    const counts = await Promise.all(hostIds.map(async (h) => [h, await this.o.store.count(h)] as const));
    return new Map(counts);
  }

  private schedule(hostId: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const current = this.running.get(hostId);
    if (current) {
      this.again.add(hostId);
      return current;
    }
    const run = this.withSlot(async () => {
      do {
        this.again.delete(hostId);
        await this.replay(hostId);
      } while (this.again.has(hostId) && !this.failedAtMs.has(hostId) && !this.stopped);
    }).finally(() => this.running.delete(hostId));
    this.running.set(hostId, run);
    return run;
  }

  private async withSlot(task: () => Promise<void>): Promise<void> {
    if (this.active >= this.o.maxConcurrentTargets) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  private async replay(hostId: string): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const where = this.o.locate(hostId);
        if (where === 'left') {
          await this.forget(hostId);
          return;
        }
        if (where === undefined || !where.alive) return;
        const page = await this.o.store.list(hostId, this.o.pageSize);
        if (page.length === 0) {
          this.failedAtMs.delete(hostId);
          return;
        }
        if (!(await this.sendPage(hostId, this.o.replicaOf(where.endpoint), page))) {
          this.failedAtMs.set(hostId, this.o.clock.nowMs());
          return;
        }
      }
    } catch (err) {
      this.failedAtMs.set(hostId, this.o.clock.nowMs());
      this.o.onError?.(err, hostId);
    }
  }

  /** Sends a page in order with a bounded window; false once a send failed (the rest wait). */
  private async sendPage(hostId: string, replica: Pick<ReplicaApi, 'apply'>, page: readonly StoredHint[]): Promise<boolean> {
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && !this.stopped && next < page.length) {
        const hint = page[next++]!;
        if (this.o.isObsolete?.(hint)) {
          await this.o.store.delete(hint.id);
          continue;
        }
        try {
          await replica.apply(hint.mutation);
        } catch (err) {
          failed = true;
          this.o.onError?.(err, hostId);
          return;
        }
        await this.o.store.delete(hint.id);
        this.deliveredByHost.set(hostId, this.delivered(hostId) + 1);
        this.deliveredTotal++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.inFlightPerTarget, page.length) }, worker));
    return !failed && !this.stopped;
  }
}
