import type { Level } from 'level';
import { decodeRecord, encodeRecord, mergeRecords, purgeTombstones, reusableRecordText } from '@dynaring/core';
import type { ItemRecord, Mutation, PrimaryKey } from '@dynaring/core';
import type { RecordCache } from './record-cache.js';
import { notOpen, storageError } from './storage-error.js';
import { encodeDataKey } from './key-codec.js';
import { SerialGroups } from './serial-groups.js';
import { BatchWriter, type BatchOp } from './batch-writer.js';
import { derivePointers, type DerivedPointers, type IndexedTable, type IndexResolver } from './index-maintenance.js';
import type { OutboxStore } from './index-outbox.js';
import { liveRowBytes, type TableCounters } from './table-stats.js';

/** Most applies written by one LevelDB batch; the rest wait for the next group. */
export const MAX_GROUP = 512;

/** What a purge did to its row: nothing to purge, rewritten without tombstones, or deleted. */
export type PurgeOutcome = 'unchanged' | 'rewritten' | 'deleted';

/** The stored row an apply or purge is about: the item whose indexes it may change. */
interface Target {
  tableId: string;
  token: bigint;
  key: PrimaryKey;
}

interface PendingApply {
  key: Buffer;
  cacheKey: string;
  target: Target;
  /** A write, or (undefined) a purge of tombstones written before `purge.beforeMicros`. */
  mutation: Mutation | undefined;
  purge?: { beforeMicros: number; outcome: PurgeOutcome };
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** One item of a group: its current record, then every apply of the group merged in. */
interface Slot {
  key: Buffer;
  /** The storage id the row belongs to (a base table or an LSI's pointer table), for its counters. */
  tableId: string;
  record: ItemRecord | undefined;
  /** liveRowBytes of the record before the group: what the row counted for until now. */
  beforeBytes: number;
  /** Set when the stored record could not be decoded: this item's applies fail, not the group's. */
  error?: unknown;
  /** Whether an op of the group changed the record (purges may not), so it must be written. */
  dirty?: boolean;
  /** The group's one apply to this item, whose encoded text may be written as is; null after a second op. */
  applied?: Mutation | null;
  /** Set when the item's table has indexes: the record before the group, to derive pointers. */
  indexed?: { table: IndexedTable; target: Target; before: ItemRecord | undefined };
}

/**
 * Group commit of `apply`'s read-merge-write. Applies issued in one turn of the event loop
 * (up to MAX_GROUP) form a group: one `getMany` for the items the record cache misses, a merge
 * of every apply in arrival order, one `batch` writing each merged item once, then the cache
 * update and the acknowledgements. Every LevelDB call and its promise costs the same for one
 * key as for hundreds, and that per-call cost dominated a busy node.
 *
 * Items of tables with secondary indexes also get their pointers (index-maintenance.ts),
 * derived from the record before and after the group: LSI pointer rows are read and merged
 * like the group's own items, GSI pointer mutations become index-outbox entries, all in the
 * same batch, so a crash never keeps a base write without its pointers.
 *
 * Each written row also moves its table's live-row counters (table-stats.ts) by what it
 * counted before and after: no reads or writes beyond the group's own.
 *
 * One group is in flight at a time (serial-groups.ts) and applies arriving meanwhile wait for the next one:
 * that serialises all read-merge-writes (no apply can read a record another is about to
 * replace, which a per-key lock did before) and lets groups grow with load.
 */
export class GroupCommit {
  private readonly groups: SerialGroups<PendingApply>;
  private readonly batches: BatchWriter;
  private indexes: IndexResolver | undefined;

  constructor(
    private readonly db: Level<Buffer, string>,
    private readonly cache: RecordCache,
    private readonly outbox: OutboxStore,
    private readonly counters: TableCounters,
    /** Called after each written group updated the cache, before its applies resolve. */
    private readonly onWritten: () => void,
  ) {
    this.groups = new SerialGroups(MAX_GROUP, (group) => this.commit(group));
    this.batches = new BatchWriter(db);
  }

  /** Whether groups are written on the event loop (batch-writer.ts). */
  get writesOnEventLoop(): boolean {
    return this.batches.writesOnEventLoop;
  }

  /** From now on, writes to tables with indexes also write their pointers (see index-maintenance.ts). */
  setIndexResolver(resolver: IndexResolver): void {
    this.indexes = resolver;
  }

  /** Resolves once the merged record containing `mutation` is written (non-sync, like `put`). */
  apply(key: Buffer, cacheKey: string, mutation: Mutation): Promise<void> {
    if (this.groups.isClosed) return Promise.reject(notOpen());
    return new Promise<void>((resolve, reject) => {
      this.groups.push({ key, cacheKey, target: mutation, mutation, resolve, reject });
    });
  }

  /**
   * Purges the item's tombstones written before `beforeMicros`, in line with the applies: it
   * sees every apply queued before it and none after, so no write can slip in between the
   * purge's read and its write and be lost.
   */
  purge(key: Buffer, cacheKey: string, target: Target, beforeMicros: number): Promise<PurgeOutcome> {
    if (this.groups.isClosed) return Promise.reject(notOpen());
    const purge = { beforeMicros, outcome: 'unchanged' as PurgeOutcome };
    return new Promise<PurgeOutcome>((resolve, reject) => {
      this.groups.push({ key, cacheKey, target, mutation: undefined, purge, resolve: () => resolve(purge.outcome), reject });
    });
  }

  /** Refuses new applies and resolves once every queued one has been written or failed. */
  close(): Promise<void> {
    return this.groups.close();
  }

  private async commit(group: PendingApply[]): Promise<void> {
    const failed = await this.write(group);
    this.onWritten();
    for (const op of group) {
      const error = failed?.get(op.cacheKey);
      if (error === undefined) op.resolve();
      else op.reject(error);
    }
  }

  /** Writes the group; returns the items (by cache key) whose applies failed alone, if any. */
  private async write(group: PendingApply[]): Promise<Map<string, unknown> | undefined> {
    const slots = new Map<string, Slot>();
    const resolver = this.indexes;
    let indexedSlots: Slot[] | undefined;
    const misses: Slot[] = [];
    for (const op of group) {
      if (slots.has(op.cacheKey)) continue;
      const slot = this.slot(op.key, op.cacheKey, op.target.tableId);
      slots.set(op.cacheKey, slot);
      if (slot.record === undefined) misses.push(slot);
      // The one resolver lookup per item: a table without indexes costs nothing more.
      const table = resolver?.indexesOf(op.target.tableId);
      if (table !== undefined) {
        slot.indexed = { table, target: op.target, before: undefined };
        (indexedSlots ??= []).push(slot);
      }
    }
    await this.load(misses);
    if (indexedSlots) for (const slot of indexedSlots) slot.indexed!.before = slot.record;
    // Arrival order, so same-key applies merge as they would one after another.
    for (const op of group) {
      const slot = slots.get(op.cacheKey)!;
      if (slot.error !== undefined) continue;
      if (op.mutation) {
        slot.record = mergeRecords(slot.record ?? null, { cells: op.mutation.cells, tombstoneMicros: op.mutation.itemTombstoneMicros });
        slot.dirty = true;
        slot.applied = slot.applied === undefined ? op.mutation : null;
      } else if (op.purge && slot.record !== undefined) {
        slot.applied = null;
        const purged = purgeTombstones(slot.record, op.purge.beforeMicros) ?? undefined;
        if (purged === slot.record) continue;
        op.purge.outcome = purged === undefined ? 'deleted' : 'rewritten';
        slot.record = purged;
        slot.dirty = true;
      }
    }
    const ops: BatchOp[] = [];
    const appended = indexedSlots ? await this.addPointers(slots, indexedSlots, ops) : false;
    // [cache key, slot, encoded length, live bytes]
    const written: Array<[string, Slot, number, number]> = [];
    const liveness = { live: false };
    let failed: Map<string, unknown> | undefined;
    for (const [cacheKey, slot] of slots) {
      if (slot.error !== undefined) (failed ??= new Map()).set(cacheKey, slot.error);
      else if (!slot.dirty) continue;
      else if (slot.record === undefined) {
        ops.push({ type: 'del', key: slot.key });
        written.push([cacheKey, slot, 0, 0]);
      } else {
        const reused = slot.applied ? reusableRecordText(slot.record, slot.applied, liveness) : undefined;
        const value = reused ?? encodeRecord(slot.record, liveness);
        ops.push({ type: 'put', key: slot.key, value });
        written.push([cacheKey, slot, value.length, liveness.live ? value.length : 0]);
      }
    }
    if (ops.length > 0) {
      const pending = this.batches.write(ops);
      if (pending) await pending;
    }
    for (const [cacheKey, slot, sizeBytes, liveBytes] of written) {
      if (slot.record === undefined) this.cache.delete(cacheKey);
      else this.cache.set(cacheKey, slot.record, sizeBytes, liveBytes);
      this.counters.record(slot.tableId, slot.key, slot.beforeBytes, liveBytes);
    }
    if (appended) this.outbox.appended();
    return failed;
  }

  /** A new slot holding the cached record, if any (else `load` fills it). */
  private slot(key: Buffer, cacheKey: string, tableId: string): Slot {
    const cached = this.cache.entry(cacheKey);
    if (cached === undefined) return { key, tableId, record: undefined, beforeBytes: 0 };
    // Records cached by reads come from decodeRecord, whose plain objects are cheap to walk.
    return { key, tableId, record: cached.record, beforeBytes: cached.liveBytes ?? liveRowBytes(cached.record, cached.sizeBytes) };
  }

  /** Fills the slots' records from LevelDB (those the cache missed). */
  private async load(misses: Slot[]): Promise<void> {
    if (misses.length === 0) return;
    const stored = await this.db.getMany(misses.map((slot) => slot.key));
    for (let i = 0; i < misses.length; i++) {
      const value = stored[i];
      if (value === undefined) continue;
      try {
        const record = decodeRecord(value);
        misses[i]!.record = record;
        misses[i]!.beforeBytes = liveRowBytes(record, value.length);
      } catch (err) {
        misses[i]!.error = storageError(err);
      }
    }
  }

  /**
   * Derives the pointers of the group's changes to indexed items: LSI pointers are merged
   * into their rows as slots of this group (read like any other, written in the same batch);
   * GSI pointers become outbox puts in the same batch. Returns whether any were appended.
   */
  private async addPointers(slots: Map<string, Slot>, indexedSlots: Slot[], ops: BatchOp[]): Promise<boolean> {
    const tokenOf = this.indexes!.tokenOf.bind(this.indexes);
    const derived: Array<{ slot: Slot; local: Array<[Slot, Mutation]>; global: Mutation[] }> = [];
    const misses: Slot[] = [];
    for (const slot of indexedSlots) {
      const { table, target, before } = slot.indexed!;
      if (slot.error !== undefined || !slot.dirty) continue;
      let pointers: DerivedPointers | undefined;
      let keys: Buffer[];
      try {
        pointers = derivePointers(table, target, before, slot.record, tokenOf);
        keys = pointers?.local.map((m) => encodeDataKey(m.tableId, m.token, m.key)) ?? [];
      } catch (err) {
        // An item whose pointers cannot be built fails alone, unwritten, like an unreadable one.
        slot.error = err;
        continue;
      }
      if (pointers === undefined) continue;
      const local: Array<[Slot, Mutation]> = [];
      pointers.local.forEach((m, i) => {
        const key = keys[i]!;
        const cacheKey = key.toString('latin1');
        let pointerSlot = slots.get(cacheKey);
        if (pointerSlot === undefined) {
          pointerSlot = this.slot(key, cacheKey, m.tableId);
          slots.set(cacheKey, pointerSlot);
          if (pointerSlot.record === undefined) misses.push(pointerSlot);
        }
        local.push([pointerSlot, m]);
      });
      derived.push({ slot, local, global: pointers.global });
    }
    await this.load(misses);
    let appended = false;
    for (const { slot, local, global } of derived) {
      // An unreadable pointer row fails its base write too: a base write never goes without its pointers.
      const broken = local.find(([pointerSlot]) => pointerSlot.error !== undefined);
      if (broken) {
        slot.error = broken[0].error;
        continue;
      }
      for (const [pointerSlot, m] of local) {
        pointerSlot.record = mergeRecords(pointerSlot.record ?? null, { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros });
        pointerSlot.dirty = true;
      }
      if (global.length > 0) {
        ops.push(...this.outbox.puts(slot.indexed!.target.tableId, global));
        appended = true;
      }
    }
    return appended;
  }
}
