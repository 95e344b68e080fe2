import type { Level } from 'level';
import type { OutboxPut } from './index-outbox.js';

type RootOp = { type: 'put'; key: Buffer; value: string } | { type: 'del'; key: Buffer };
/** A group commit's batch operation: an item's row, or an index-outbox entry in its sublevel. */
export type BatchOp = RootOp | OutboxPut;

/** What our build of classic-level adds (vendor/classic-level/DYNARING.md), and its getProperty. */
interface BatchSyncCapable {
  /** True only when `batchSync` exists and its binding function loaded. */
  readonly supportsBatchSync?: boolean;
  batchSync(operations: readonly RootOp[]): void;
  getProperty(property: string): string;
}

/**
 * Level-0 files at which LevelDB starts delaying each write by 1 ms (kL0_SlowdownWritesTrigger,
 * and at 12 it stops them until a compaction catches up). A write on the event loop would stall
 * the whole node then, so from here on groups go through the thread pool as before.
 */
const LEVEL0_SLOWDOWN_FILES = 8;

/**
 * Past this many bytes of values a group goes through the thread pool: LevelDB's copy into its
 * log and memtable grows with the bytes, and a group of large items (up to 512 of 400 KB) would
 * hold the event loop for tens of milliseconds.
 */
export const EVENT_LOOP_MAX_BATCH_BYTES = 1024 * 1024;

/**
 * Writes a group's LevelDB batch. Where the binding can (linux-x64, our classic-level build), it
 * writes on the event loop: for the small batches of a busy node, LevelDB's own work (a WAL
 * write() and the memtable inserts, ~30 µs for 8 puts) costs less than handing the batch to a
 * libuv thread and back, which wakes that thread and then the event loop for every group, and
 * with more processes than cores each wake-up is a context switch (bench/README.md, "Writing
 * group commits on the event loop"). Durability is the same: a non-sync write has reached the
 * OS when either call returns.
 *
 * Groups with index-outbox puts (sublevel keys that only `batch()` encodes), groups of more than
 * EVENT_LOOP_MAX_BATCH_BYTES and groups written while LevelDB throttles writes take the thread
 * pool, so neither large items nor a compaction backlog stall the event loop.
 */
export class BatchWriter {
  private readonly direct: BatchSyncCapable | undefined;

  constructor(private readonly db: Level<Buffer, string>) {
    const capable = db as unknown as BatchSyncCapable;
    this.direct = capable.supportsBatchSync === true ? capable : undefined;
  }

  /** Whether groups can be written on the event loop (the binding has batchSync). */
  get writesOnEventLoop(): boolean {
    return this.direct !== undefined;
  }

  /** Writes `ops` atomically: resolved once written, or undefined when written already. */
  write(ops: BatchOp[]): Promise<void> | undefined {
    if (this.direct !== undefined && this.db.status === 'open' && smallRootOps(ops) && !this.throttled()) {
      this.direct.batchSync(ops);
      return undefined;
    }
    // `level` types a batch by the root's key type; outbox puts carry their sublevel's.
    return this.db.batch(ops as RootOp[]);
  }

  private throttled(): boolean {
    return Number(this.direct!.getProperty('leveldb.num-files-at-level0')) >= LEVEL0_SLOWDOWN_FILES;
  }
}

/** Whether every op is a row's (no sublevel) and their values add up to at most EVENT_LOOP_MAX_BATCH_BYTES. */
function smallRootOps(ops: BatchOp[]): ops is RootOp[] {
  let bytes = 0;
  for (const op of ops) {
    if ('sublevel' in op) return false;
    // String length, not UTF-8 bytes: a bound within 3x is all this needs.
    if (op.type === 'put' && (bytes += op.value.length) > EVENT_LOOP_MAX_BATCH_BYTES) return false;
  }
  return true;
}
