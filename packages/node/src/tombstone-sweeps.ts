import type { Logger } from 'pino';
import type { TableMeta, TimerHandle, Timers } from '@dynaring/core';
import { sweepTombstones, type StorageEngine, type SweepResult } from '@dynaring/storage';

/** The table tag overriding the node's gc_grace_seconds for that table. */
export const GC_GRACE_TAG = 'system:gc_grace_seconds';

/** The table's gc_grace_seconds: its tag when that is a non-negative integer, else the node's. */
export function tableGcGraceSeconds(meta: TableMeta, defaultSeconds: number): number {
  const tag = meta.tags?.[GC_GRACE_TAG];
  if (tag === undefined || !/^\d+$/.test(tag.trim())) return defaultSeconds;
  const seconds = Number(tag.trim());
  return Number.isSafeInteger(seconds) ? seconds : defaultSeconds;
}

export interface TombstoneSweepsOptions {
  storage: Pick<StorageEngine, 'scanRange' | 'purgeTombstones'>;
  tables: () => TableMeta[];
  /** This node's clock in write-timestamp units (microseconds, with its offset). */
  nowMicros: () => number;
  timers: Timers;
  intervalMs: number;
  defaultGcGraceSeconds: number;
  log: Pick<Logger, 'info' | 'debug' | 'error'>;
}

/** What the sweeps purged since this node started, for logs and tests. */
export interface SweepTotals {
  sweeps: number;
  purgedRows: number;
  rewrittenRows: number;
}

/**
 * Runs a tombstone sweep of every table every `intervalMs`, each with its own gc_grace. One
 * round at a time: a round still running when the next is due makes that one skip.
 */
export class TombstoneSweeps {
  readonly totals: SweepTotals = { sweeps: 0, purgedRows: 0, rewrittenRows: 0 };
  private timer: TimerHandle | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly o: TombstoneSweepsOptions) {}

  start(): void {
    this.timer ??= this.o.timers.setInterval(() => {
      if (!this.round) void this.sweepAll();
    }, this.o.intervalMs);
  }

  /** Stops the schedule and waits for the round under way, which ends at its next page. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.round;
  }

  /** One round over every table now (or the round already under way). */
  sweepAll(): Promise<void> {
    this.round ??= this.runRound().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  private async runRound(): Promise<void> {
    for (const meta of this.o.tables()) {
      if (this.stopped) return;
      const gcGraceSeconds = tableGcGraceSeconds(meta, this.o.defaultGcGraceSeconds);
      const purgeBeforeMicros = this.o.nowMicros() - gcGraceSeconds * 1_000_000;
      let result: SweepResult;
      try {
        result = await sweepTombstones(this.o.storage, meta.id, purgeBeforeMicros, { shouldStop: () => this.stopped });
      } catch (err) {
        this.o.log.error({ err, table: meta.name }, 'tombstone sweep failed');
        continue;
      }
      this.totals.sweeps++;
      this.totals.purgedRows += result.purgedRows;
      this.totals.rewrittenRows += result.rewrittenRows;
      const fields = { table: meta.name, gcGraceSeconds, ...result, totalPurgedRows: this.totals.purgedRows };
      if (result.purgedRows + result.rewrittenRows > 0) this.o.log.info(fields, 'tombstone sweep');
      else this.o.log.debug(fields, 'tombstone sweep');
    }
  }
}
