import type { Level } from 'level';
import { mergeRecords, purgeTombstones } from '@dynaring/core';
import type { ItemRecord, Mutation } from '@dynaring/core';
import { decodeRecord, encodeRecord } from './record-codec.js';
import type { RecordCache } from './record-cache.js';
import { notOpen, storageError } from './storage-error.js';

/** Most applies written by one LevelDB batch; the rest wait for the next group. */
export const MAX_GROUP = 512;

/** What a purge did to its row: nothing to purge, rewritten without tombstones, or deleted. */
export type PurgeOutcome = 'unchanged' | 'rewritten' | 'deleted';

interface PendingApply {
  key: Buffer;
  cacheKey: string;
  /** A write, or (undefined) a purge of tombstones written before `purge.beforeMicros`. */
  mutation: Mutation | undefined;
  purge?: { beforeMicros: number; outcome: PurgeOutcome };
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** One item of a group: its current record, then every apply of the group merged in. */
interface Slot {
  key: Buffer;
  record: ItemRecord | undefined;
  /** Set when the stored record could not be decoded: this item's applies fail, not the group's. */
  error?: unknown;
  /** Whether an op of the group changed the record (purges may not), so it must be written. */
  dirty?: boolean;
}

/**
 * Group commit of `apply`'s read-merge-write. Applies issued in one turn of the event loop
 * (up to MAX_GROUP) form a group: one `getMany` for the items the record cache misses, a merge
 * of every apply in arrival order, one `batch` writing each merged item once, then the cache
 * update and the acknowledgements. Every LevelDB call and its promise costs the same for one
 * key as for hundreds, and that per-call cost dominated a busy node.
 *
 * One group is in flight at a time and applies arriving meanwhile wait for the next one:
 * that serialises all read-merge-writes (no apply can read a record another is about to
 * replace, which a per-key lock did before) and lets groups grow with load.
 */
export class GroupCommit {
  private queue: PendingApply[] = [];
  private scheduled = false;
  private inFlight = false;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly db: Level<Buffer, string>,
    private readonly cache: RecordCache,
    /** Called after each written group updated the cache, before its applies resolve. */
    private readonly onWritten: () => void,
  ) {}

  /** Resolves once the merged record containing `mutation` is written (non-sync, like `put`). */
  apply(key: Buffer, cacheKey: string, mutation: Mutation): Promise<void> {
    if (this.closed) return Promise.reject(notOpen());
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ key, cacheKey, mutation, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Purges the item's tombstones written before `beforeMicros`, in line with the applies: it
   * sees every apply queued before it and none after, so no write can slip in between the
   * purge's read and its write and be lost.
   */
  purge(key: Buffer, cacheKey: string, beforeMicros: number): Promise<PurgeOutcome> {
    if (this.closed) return Promise.reject(notOpen());
    const purge = { beforeMicros, outcome: 'unchanged' as PurgeOutcome };
    return new Promise<PurgeOutcome>((resolve, reject) => {
      this.queue.push({ key, cacheKey, mutation: undefined, purge, resolve: () => resolve(purge.outcome), reject });
      this.schedule();
    });
  }

  /** Refuses new applies and resolves once every queued one has been written or failed. */
  close(): Promise<void> {
    this.closed = true;
    if (!this.inFlight && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    // setImmediate, not a microtask: every apply issued by this turn's callbacks and their
    // promise continuations joins the group.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.inFlight = true;
    let group = this.queue;
    if (group.length > MAX_GROUP) group = this.queue.splice(0, MAX_GROUP);
    else this.queue = [];
    try {
      const failed = await this.write(group);
      this.onWritten();
      for (const op of group) {
        const error = failed?.get(op.cacheKey);
        if (error === undefined) op.resolve();
        else op.reject(error);
      }
    } catch (err) {
      const mapped = storageError(err);
      for (const op of group) op.reject(mapped);
    }
    this.inFlight = false;
    if (this.queue.length > 0) this.schedule();
    else for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Writes the group; returns the items (by cache key) whose applies failed alone, if any. */
  private async write(group: PendingApply[]): Promise<Map<string, unknown> | undefined> {
    const slots = new Map<string, Slot>();
    const misses: Buffer[] = [];
    const missSlots: Slot[] = [];
    for (const op of group) {
      if (slots.has(op.cacheKey)) continue;
      const slot: Slot = { key: op.key, record: this.cache.get(op.cacheKey) };
      slots.set(op.cacheKey, slot);
      if (slot.record === undefined) {
        misses.push(op.key);
        missSlots.push(slot);
      }
    }
    if (misses.length > 0) {
      const stored = await this.db.getMany(misses);
      for (let i = 0; i < missSlots.length; i++) {
        const value = stored[i];
        if (value === undefined) continue;
        try {
          missSlots[i]!.record = decodeRecord(value);
        } catch (err) {
          missSlots[i]!.error = storageError(err);
        }
      }
    }
    // Arrival order, so same-key applies merge as they would one after another.
    for (const op of group) {
      const slot = slots.get(op.cacheKey)!;
      if (slot.error !== undefined) continue;
      if (op.mutation) {
        slot.record = mergeRecords(slot.record ?? null, { cells: op.mutation.cells, tombstoneMicros: op.mutation.itemTombstoneMicros });
        slot.dirty = true;
      } else if (op.purge && slot.record !== undefined) {
        const purged = purgeTombstones(slot.record, op.purge.beforeMicros) ?? undefined;
        if (purged === slot.record) continue;
        op.purge.outcome = purged === undefined ? 'deleted' : 'rewritten';
        slot.record = purged;
        slot.dirty = true;
      }
    }
    const ops: Array<{ type: 'put'; key: Buffer; value: string } | { type: 'del'; key: Buffer }> = [];
    const written: Array<[string, Slot, number]> = [];
    let failed: Map<string, unknown> | undefined;
    for (const [cacheKey, slot] of slots) {
      if (slot.error !== undefined) (failed ??= new Map()).set(cacheKey, slot.error);
      else if (!slot.dirty) continue;
      else if (slot.record === undefined) {
        ops.push({ type: 'del', key: slot.key });
        written.push([cacheKey, slot, 0]);
      } else {
        const value = encodeRecord(slot.record);
        ops.push({ type: 'put', key: slot.key, value });
        written.push([cacheKey, slot, value.length]);
      }
    }
    if (ops.length > 0) await this.db.batch(ops);
    for (const [cacheKey, slot, sizeBytes] of written) {
      if (slot.record === undefined) this.cache.delete(cacheKey);
      else this.cache.set(cacheKey, slot.record, sizeBytes);
    }
    return failed;
  }
}
