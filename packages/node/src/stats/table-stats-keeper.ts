import type { Logger } from 'pino';
import type { TableMeta, TimerHandle, Timers } from '@dynaring/core';
import type { StorageEngine } from '@dynaring/storage';

export interface TableStatsKeeperOptions {
  storage: Pick<StorageEngine, 'tableStatsClean' | 'markTableStatsClean' | 'recountTable' | 'persistTableStats'>;
  /** Every stored table, index pointer tables included (withIndexTables). */
  tables: () => TableMeta[];
  timers: Timers;
  /** How often changed counters are saved: what a crash can lose before the recount. */
  persistIntervalMs: number;
  /** Rest between pages of a recount, so that it takes little from requests. */
  pageDelayMs: number;
  /** Rows per page of a recount. */
  pageSize?: number;
  log: Pick<Logger, 'info' | 'debug' | 'warn'>;
}

/**
 * Keeps storage's approximate table counters (DescribeTable's ItemCount and sizes) honest:
 * saves them every few seconds, and recounts tables in the background, one page at a time
 * with rests between pages, when the counters are unclean at start (a crash) or after rows
 * were removed behind their back (nodetool cleanup). Only after every table of an unclean
 * start was recounted are the counters marked clean, so a stop midway recounts at next start.
 */
export class TableStatsKeeper {
  private timer: TimerHandle | undefined;
  private work: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly o: TableStatsKeeperOptions) {}

  start(): void {
    this.timer ??= this.o.timers.setInterval(() => void this.persist(), this.o.persistIntervalMs);
    if (this.o.storage.tableStatsClean()) return;
    const ids = this.o.tables().map((t) => t.id);
    this.o.log.info({ tables: ids.length }, 'table counters were not closed cleanly; recounting in the background');
    this.enqueue(ids, () => this.o.storage.markTableStatsClean());
  }

  /** Recounts these storage ids in the background, after any recount already queued. */
  recount(storageIds: string[]): void {
    this.enqueue(storageIds);
  }

  /** Stops the schedule and waits for the recount under way, which ends at its next page. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.work;
  }

  /** Resolves once every recount queued so far is done. */
  idle(): Promise<void> {
    return this.work;
  }

  private enqueue(storageIds: string[], onComplete?: () => void): void {
    this.work = this.work.then(async () => {
      for (const id of storageIds) {
        if (this.stopped) return;
        try {
          const counted = await this.o.storage.recountTable(id, {
            ...(this.o.pageSize === undefined ? {} : { pageSize: this.o.pageSize }),
            shouldStop: () => this.stopped,
            betweenPages: () => new Promise((resolve) => this.o.timers.setTimeout(resolve, this.o.pageDelayMs)),
          });
          if (counted) this.o.log.debug({ storageId: id, ...counted }, 'table counters recounted');
        } catch (err) {
          this.o.log.warn({ err, storageId: id }, 'table counter recount failed');
          return;
        }
      }
      if (!this.stopped) onComplete?.();
    });
  }

  private async persist(): Promise<void> {
    try {
      await this.o.storage.persistTableStats();
    } catch (err) {
      this.o.log.debug({ err }, 'saving table counters failed');
    }
  }
}
