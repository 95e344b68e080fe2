import type { Logger } from 'pino';
import { pointerTableMeta, type ConsistencyLevel, type Mutation, type TableMeta, type TimerHandle, type Timers } from '@dynaring/core';
import type { OutboxEntry } from '@dynaring/storage';
import type { IndexOfTable } from './index-catalog.js';

/** The part of the storage's index outbox the deliverer drains. */
export interface IndexOutboxSource {
  take(limit: number): Promise<OutboxEntry[]>;
  ack(ids: string[]): Promise<void>;
  onAppend(listener: () => void): void;
}

export interface IndexOutboxDelivererOptions {
  outbox: IndexOutboxSource;
  /** The index with its current table definition; undefined once either was dropped. */
  indexById: (indexId: string) => IndexOfTable | undefined;
  coordinator: { applyMutation(table: TableMeta, mutation: Mutation, cl: ConsistencyLevel): Promise<void> };
  timers: Timers;
  log: Pick<Logger, 'warn' | 'debug'>;
  /** Entries taken from the outbox at a time; default 256. */
  batchSize?: number;
  /** Pointer writes in flight at once; default 32. */
  inFlight?: number;
  /** How often the outbox is looked at without being woken (entries left by a crash); default 1000. */
  pollIntervalMs?: number;
  /** The first wait after a failed round, doubled while rounds deliver nothing; defaults 100 and 10 000. */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * Delivers GSI pointer mutations from the storage's index outbox to the index's replicas.
 * The base write put them in the outbox atomically with itself; here each goes through the
 * coordinator at ONE (which hints replicas that missed it) and is acknowledged out of the
 * outbox only once applied, so a crash or a failure at any point only means a later retry.
 * Order does not matter: pointer timestamps come from the base record, so replicas converge
 * under last-write-wins whatever order the entries arrive in. One round at a time; after a
 * failure the outbox rests (appends do not wake it) until the retry delay has passed.
 */
export class IndexOutboxDeliverer {
  private readonly o: Required<Omit<IndexOutboxDelivererOptions, 'outbox' | 'indexById' | 'coordinator' | 'timers' | 'log'>>;
  private round: Promise<void> | undefined;
  /** Woken while a round ran: it looks again before ending. */
  private wokenDuringRound = false;
  private poller: TimerHandle | undefined;
  private retry: TimerHandle | undefined;
  private retryDelayMs = 0;
  private stopped = false;
  private deliveredCount = 0;
  private discardedCount = 0;

  constructor(private readonly deps: IndexOutboxDelivererOptions) {
    this.o = {
      batchSize: deps.batchSize ?? 256,
      inFlight: deps.inFlight ?? 32,
      pollIntervalMs: deps.pollIntervalMs ?? 1000,
      minRetryDelayMs: deps.minRetryDelayMs ?? 100,
      maxRetryDelayMs: deps.maxRetryDelayMs ?? 10_000,
    };
  }

  /** Entries applied and acknowledged since start. */
  get delivered(): number {
    return this.deliveredCount;
  }

  /** Entries dropped unsent because their table or index no longer exists. */
  get discarded(): number {
    return this.discardedCount;
  }

  /** Whether a failed round is waiting out its retry delay. */
  get backingOff(): boolean {
    return this.retry !== undefined;
  }

  start(): void {
    if (this.poller || this.stopped) return;
    this.deps.outbox.onAppend(() => this.wake());
    this.poller = this.deps.timers.setInterval(() => this.wake(), this.o.pollIntervalMs);
    // Entries left by a previous run (a crash before delivery) go out without waiting for a write.
    this.wake();
  }

  /** Stops waking and waits for the round under way, which ends after its current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.poller?.cancel();
    this.poller = undefined;
    this.retry?.cancel();
    this.retry = undefined;
    await this.round;
  }

  /** Starts a round unless one runs (it will look again) or a failure is being waited out. */
  wake(): void {
    if (this.stopped || this.retry) return;
    if (this.round) {
      this.wokenDuringRound = true;
      return;
    }
    this.round = this.runRound().finally(() => {
      this.round = undefined;
    });
  }

  /** The round under way, if any (tests, and stop). */
  idle(): Promise<void> {
    return this.round ?? Promise.resolve();
  }

  private async runRound(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      this.wokenDuringRound = false;
      let batch: OutboxEntry[];
      let failed: number;
      try {
        batch = await this.deps.outbox.take(this.o.batchSize);
        failed = batch.length === 0 ? 0 : await this.deliver(batch);
      } catch (err) {
        // The outbox itself failed (storage closing, disk trouble): nothing was acknowledged.
        this.deps.log.warn({ err }, 'index outbox round failed; will retry');
        this.backOff(false);
        return;
      }
      if (failed > 0) {
        this.backOff(failed < batch.length);
        return;
      }
      this.retryDelayMs = 0;
      // A short batch was the whole outbox, unless something was appended meanwhile.
      if (batch.length < this.o.batchSize && !this.wokenDuringRound) return;
    }
  }

  /** Sends a batch with a bounded window; acknowledges what was applied or is obsolete. Returns the failures. */
  private async deliver(batch: readonly OutboxEntry[]): Promise<number> {
    const done: string[] = [];
    let failures = 0;
    let firstError: unknown;
    let next = 0;
    const worker = async () => {
      while (next < batch.length && !this.stopped) {
        const entry = batch[next++]!;
        const target = this.deps.indexById(entry.indexId);
        if (!target || target.table.id !== entry.baseTableId || target.index.status === 'DELETING') {
          this.discardedCount++;
          done.push(entry.id);
          continue;
        }
        try {
          await this.deps.coordinator.applyMutation(pointerTableMeta(target.table, target.index), entry.mutation, 'ONE');
          this.deliveredCount++;
          done.push(entry.id);
        } catch (err) {
          failures++;
          firstError ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.inFlight, batch.length) }, worker));
    if (done.length > 0) await this.deps.outbox.ack(done);
    if (failures > 0) this.deps.log.warn({ err: firstError, failures, batch: batch.length }, 'index pointer delivery failed; will retry');
    return failures;
  }

  /**
   * Waits before the next round: the delay doubles (up to the maximum) while rounds deliver
   * nothing, and falls back to the minimum while some entries still get through, so one
   * unreachable index partition does not hold the others back for long.
   */
  private backOff(progressed: boolean): void {
    if (this.stopped) return;
    this.retryDelayMs = progressed || this.retryDelayMs === 0 ? this.o.minRetryDelayMs : Math.min(this.o.maxRetryDelayMs, this.retryDelayMs * 2);
    this.retry = this.deps.timers.setTimeout(() => {
      this.retry = undefined;
      this.wake();
    }, this.retryDelayMs);
  }
}
