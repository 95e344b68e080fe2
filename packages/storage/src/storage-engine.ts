import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Level } from 'level';
import { decodeRecord, recordDigest, type ItemRecord, type Mutation, type PartitionQuery, type PrimaryKey, type RangeScan, type ReplicaApi, type Row, type TableMeta, type TokenSpan } from '@dynaring/core';
import {
  DATA_END,
  DATA_START,
  decodeDataKey,
  decodeRangeKey,
  encodeDataKey,
  forgetTable,
  partitionPrefix,
  prefixEnd,
  rangeKeyBound,
  tablePrefix,
  tokenPrefix,
} from './key-codec.js';
import { GroupCommit, type PurgeOutcome } from './group-commit.js';
import { ReadBatcher } from './read-batcher.js';
import { RecordCache } from './record-cache.js';
import { notOpen, storageError } from './storage-error.js';
import { schemaStore, type SchemaStore } from './schema-store.js';
import { localState, type LocalState } from './local-state.js';
import { hintStore, type HintStore } from './hint-store.js';
import { paxosStore, type PaxosStore } from './paxos-store.js';
import { buildMerkleTree } from './merkle-tree.js';
import { OutboxStore, type IndexOutbox } from './index-outbox.js';
import type { IndexResolver } from './index-maintenance.js';
import { TableCounters, type RecountOptions, type TableStats } from './table-stats.js';


/** Iterator bounds in the shape `level` takes them. */
interface Bounds {
  gt?: Buffer;
  gte?: Buffer;
  lt?: Buffer;
  lte?: Buffer;
}

// Past the type tag of any key at a token (tags are 1..3): `lt tokenPrefix|0xff` includes
// every key of that token, `gt tokenPrefix|0xff` excludes them all.
const AFTER_TOKEN = Buffer.from([0xff]);

export interface StorageOptions {
  /**
   * LevelDB memtable size. Larger means fewer level-0 files, but every insert walks a larger
   * skip list in random order: with three nodes sharing two cores, 32 MB memtables cost ~15%
   * more CPU per insert than LevelDB's default 4 MB and cost the nodes' other work its cache
   * lines too (bench/README.md, "Memtable size").
   */
  writeBufferSizeBytes: number;
  /** LevelDB block cache. */
  blockCacheBytes: number;
  /** Decoded records kept in memory for reads and read-before-write. */
  recordCacheBytes: number;
}

const DEFAULT_OPTIONS: StorageOptions = {
  writeBufferSizeBytes: 4 * 1024 * 1024,
  blockCacheBytes: 64 * 1024 * 1024,
  recordCacheBytes: 64 * 1024 * 1024,
};

/**
 * The node's durable state on LevelDB: items (data keys, see key-codec.ts) and the `schema`
 * and `local` system sublevels. Writes use LevelDB's default non-sync write: the WAL write()
 * reaches the OS before the promise resolves, so an acknowledged write survives a crash of
 * the process (not of the machine).
 */
export class StorageEngine implements ReplicaApi {
  readonly schema: SchemaStore;
  readonly local: LocalState;
  /** Writes other replicas missed, kept for them by this node as coordinator. */
  readonly hints: HintStore;
  /** Per-item Paxos acceptor state for conditional writes (paxos-store.ts). */
  readonly paxos: PaxosStore;
  /** GSI pointer mutations derived here, waiting for the node to deliver them (index-outbox.ts). */
  readonly indexOutbox: IndexOutbox;
  private readonly outbox: OutboxStore;
  private readonly cache: RecordCache;
  private readonly writes: GroupCommit;
  private readonly reads: ReadBatcher;
  private readonly counters: TableCounters;
  /**
   * Bumped whenever stored items change under the cache (a written group, a clear): a read
   * fills the cache only if it did not change meanwhile, as its value may already be stale.
   */
  private generation = 0;
  private closing = false;

  private constructor(
    private readonly db: Level<Buffer, string>,
    private readonly dir: string,
    options: StorageOptions,
  ) {
    this.cache = new RecordCache(options.recordCacheBytes);
    this.outbox = new OutboxStore(db.sublevel<string, string>('index-outbox', { keyEncoding: 'utf8', valueEncoding: 'utf8' }));
    this.indexOutbox = this.outbox;
    this.schema = schemaStore(db.sublevel<string, TableMeta>('schema', { keyEncoding: 'utf8', valueEncoding: 'json' }));
    this.local = localState(db.sublevel<string, string>('local', { keyEncoding: 'utf8', valueEncoding: 'utf8' }));
    this.counters = new TableCounters(this.local);
    this.writes = new GroupCommit(db, this.cache, this.outbox, this.counters, () => this.generation++);
    this.reads = new ReadBatcher<Buffer>(db);
    this.hints = hintStore(db.sublevel<string, string>('hints', { keyEncoding: 'utf8', valueEncoding: 'utf8' }));
    this.paxos = paxosStore(db.sublevel<string, string>('paxos', { keyEncoding: 'utf8', valueEncoding: 'utf8' }));
  }

  /** Opens (creating if needed) the database in `dir`. */
  static async open(dir: string, overrides: Partial<StorageOptions> = {}): Promise<StorageEngine> {
    const options = { ...DEFAULT_OPTIONS, ...overrides };
    await mkdir(dir, { recursive: true });
    const db = new Level<Buffer, string>(dir, {
      keyEncoding: 'buffer',
      valueEncoding: 'utf8',
      writeBufferSize: options.writeBufferSizeBytes,
      cacheSize: options.blockCacheBytes,
    });
    let engine: StorageEngine;
    try {
      await db.open();
      engine = new StorageEngine(db, dir, options);
      await engine.outbox.load();
      await engine.counters.load((await db.keys({ gte: DATA_START, lt: DATA_END, limit: 1 }).all()).length > 0);
    } catch (err) {
      await db.close().catch(() => undefined);
      throw storageError(err);
    }
    return engine;
  }

  /** Whether item writes are written on the event loop (batch-writer.ts), else through libuv's pool. */
  get writesOnEventLoop(): boolean {
    return this.writes.writesOnEventLoop;
  }

  /**
   * Set before serving: from then on every write to a table with indexes also writes its
   * pointers, LSI rows in the same batch and GSI mutations to `indexOutbox`. Without a
   * resolver no index is maintained.
   */
  setIndexResolver(resolver: IndexResolver): void {
    this.writes.setIndexResolver(resolver);
  }

  /**
   * Merges the mutation into the stored item under last-write-wins. Applies issued together
   * are written together (see group-commit.ts); each resolves once its group is written.
   */
  apply(m: Mutation): Promise<void> {
    let key: Buffer;
    try {
      key = encodeDataKey(m.tableId, m.token, m.key);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.writes.apply(key, key.toString('latin1'), m);
  }

  /**
   * Drops the item's tombstones written before `purgeBeforeMicros` (see purgeTombstones),
   * deleting the row when nothing remains. Ordered with the applies like one of them, so it
   * purges the record as it is then, never a copy read earlier. Not replicated.
   */
  purgeTombstones(tableId: string, token: bigint, key: PrimaryKey, purgeBeforeMicros: number): Promise<PurgeOutcome> {
    let encodedKey: Buffer;
    try {
      encodedKey = encodeDataKey(tableId, token, key);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.writes.purge(encodedKey, encodedKey.toString('latin1'), { tableId, token, key }, purgeBeforeMicros);
  }

  async read(tableId: string, token: bigint, key: PrimaryKey): Promise<ItemRecord | null> {
    if (this.closing) throw notOpen();
    const encodedKey = encodeDataKey(tableId, token, key);
    const cacheKey = encodedKey.toString('latin1');
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const generation = this.generation;
    const stored = await this.reads.get(encodedKey);
    if (stored === undefined) return null;
    const record = decodeRecord(stored);
    if (generation === this.generation) this.cache.set(cacheKey, record, stored.length);
    return record;
  }

  /**
   * Rows of one partition in range-key order (reversed when !forward). Rows whose every cell
   * is dead (tombstones kept for last-write-wins) are returned and count toward `limit`; the
   * caller skips them.
   */
  async queryPartition(q: PartitionQuery): Promise<Row[]> {
    if (q.limit <= 0) return [];
    const partition = partitionPrefix(q.tableId, q.token, q.hash);
    const bounds: Bounds = { gte: partition, lt: prefixEnd(partition) };
    const { lower, upper, prefix } = q.bounds;
    if (lower) tightenLower(bounds, rangeKeyBound(partition, lower.value), lower.inclusive);
    if (upper) tightenUpper(bounds, rangeKeyBound(partition, upper.value), upper.inclusive);
    if (prefix) {
      const start = rangeKeyBound(partition, prefix);
      tightenLower(bounds, start, true);
      tightenUpper(bounds, prefixEnd(start), false);
    }
    if (q.exclusiveStart) {
      const start = rangeKeyBound(partition, q.exclusiveStart);
      if (q.forward) tightenLower(bounds, start, false);
      else tightenUpper(bounds, start, false);
    }
    const entries = await this.entries(bounds, !q.forward, q.limit);
    const rows: Row[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const [key, value] = entries[i]!;
      const range = decodeRangeKey(key, partition.length);
      rows[i] = {
        token: q.token,
        key: range === undefined ? { hash: q.hash } : { hash: q.hash, range },
        record: decodeRecord(value),
      };
    }
    return rows;
  }

  /** Rows of one table in (token, key) order after the start position, up to endToken. */
  async scanRange(s: RangeScan): Promise<Row[]> {
    if (s.limit <= 0) return [];
    const table = tablePrefix(s.tableId);
    const bounds: Bounds = {};
    if (s.startAfter) bounds.gt = encodeDataKey(s.tableId, s.startAfter.token, s.startAfter.key);
    else if (s.startAfterToken !== undefined) bounds.gt = Buffer.concat([tokenPrefix(s.tableId, s.startAfterToken), AFTER_TOKEN]);
    else bounds.gte = table;
    if (s.endToken !== undefined) bounds.lt = Buffer.concat([tokenPrefix(s.tableId, s.endToken), AFTER_TOKEN]);
    else bounds.lt = prefixEnd(table);
    const entries = await this.entries(bounds, false, s.limit);
    const rows: Row[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const [key, value] = entries[i]!;
      const { token, key: primaryKey } = decodeDataKey(key, table.length);
      rows[i] = { token, key: primaryKey, record: decodeRecord(value) };
    }
    return rows;
  }

  /** Leaf hashes of a Merkle tree over the table's rows in a token range, for repair (merkle-tree.ts). */
  async digest(tableId: string, token: bigint, key: PrimaryKey): Promise<string> {
    return recordDigest(await this.read(tableId, token, key));
  }

  merkleTree(tableId: string, range: TokenSpan, depth: number): Promise<string[]> {
    return buildMerkleTree((scan) => this.scanRange(scan), tableId, range, depth);
  }

  /** Deletes every item of the table. */
  async dropTable(tableId: string): Promise<void> {
    const table = tablePrefix(tableId);
    try {
      await this.db.clear({ gte: table, lt: prefixEnd(table) });
      this.cache.clear();
      this.generation++;
    } catch (err) {
      throw storageError(err);
    }
    this.counters.drop(tableId);
    forgetTable(tableId);
    // Paxos state of a dropped table would otherwise outlive it (a table id is never reused).
    await this.paxos.dropTable(tableId);
  }

  /**
   * Approximate live rows of one storage id (a table, or an index's pointer table) on this
   * node and their encoded bytes, kept by the group commit (table-stats.ts). Not adjusted by
   * `deleteTokenRange`, and may drift after a crash: `recountTable` corrects them.
   */
  tableStats(tableId: string): TableStats {
    return this.counters.get(tableId);
  }

  /**
   * Whether the counters were closed cleanly last time (or recounted since): when false,
   * every table should be recounted, then `markTableStatsClean` called.
   */
  tableStatsClean(): boolean {
    return this.counters.isClean();
  }

  markTableStatsClean(): void {
    this.counters.markClean();
  }

  /** Scans the table and replaces its counters with what it found (undefined when stopped or dropped meanwhile). */
  recountTable(tableId: string, options?: RecountOptions): Promise<TableStats | undefined> {
    const table = tablePrefix(tableId);
    const end = prefixEnd(table);
    return this.counters.recount(
      tableId,
      (after, limit) => (after === undefined ? this.entries({ gte: table, lt: end }, false, limit) : this.entries({ gt: after, lt: end }, false, limit)),
      options,
    );
  }

  /** Saves the table counters if they changed; the node calls it every few seconds. */
  async persistTableStats(): Promise<void> {
    if (this.closing) return;
    try {
      await this.counters.persist();
    } catch (err) {
      throw storageError(err);
    }
  }

  /**
   * Deletes a table's rows with tokens in (afterToken, endToken]: data this node no longer
   * replicates (nodetool cleanup). Not a write: no tombstones, nothing replicated.
   */
  async deleteTokenRange(tableId: string, afterToken: bigint, endToken: bigint): Promise<void> {
    try {
      await this.db.clear({
        gt: Buffer.concat([tokenPrefix(tableId, afterToken), AFTER_TOKEN]),
        lt: Buffer.concat([tokenPrefix(tableId, endToken), AFTER_TOKEN]),
      });
      this.cache.clear();
      this.generation++;
    } catch (err) {
      throw storageError(err);
    }
  }

  /**
   * Approximate bytes on disk of all item data: what LevelDB's table files hold for the data
   * range, plus its write-ahead logs, which hold the writes not yet flushed to table files (a
   * node that took a few MB of writes would otherwise report a load of 0 for minutes).
   */
  async approximateSizeBytes(): Promise<number> {
    try {
      // `level` types the universal (browser too) API; on Node it is classic-level, which has this.
      const native = this.db as unknown as { approximateSize(start: Buffer, end: Buffer): Promise<number> };
      const flushed = await native.approximateSize(DATA_START, DATA_END);
      return flushed + (await this.writeAheadLogBytes());
    } catch (err) {
      throw storageError(err);
    }
  }

  private async writeAheadLogBytes(): Promise<number> {
    let total = 0;
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.log')) continue;
      // A log rotated away between readdir and stat simply no longer counts.
      total += await stat(join(this.dir, name)).then((s) => s.size, () => 0);
    }
    return total;
  }

  /** Completes the applies and reads already issued, then closes; later ones fail with STORAGE_NOT_OPEN. */
  async close(): Promise<void> {
    this.closing = true;
    await this.hints.close();
    await Promise.all([this.writes.close(), this.reads.drain(), this.paxos.close()]);
    // After the last write, so that the saved counters are exact and marked clean. A failed
    // save leaves them marked unclean on disk, which the next start recounts.
    await this.counters.close().catch(() => undefined);
    await this.db.close();
  }

  private async entries(bounds: Bounds, reverse: boolean, limit: number): Promise<Array<[Buffer, string]>> {
    try {
      return await this.db.iterator({ ...bounds, reverse, limit }).all();
    } catch (err) {
      throw storageError(err);
    }
  }
}

function tightenLower(bounds: Bounds, key: Buffer, inclusive: boolean): void {
  const current = bounds.gt ?? bounds.gte;
  if (current !== undefined) {
    const cmp = Buffer.compare(key, current);
    // Equal keys: exclusive is the tighter bound.
    if (cmp < 0 || (cmp === 0 && (inclusive || bounds.gt !== undefined))) return;
  }
  delete bounds.gt;
  delete bounds.gte;
  if (inclusive) bounds.gte = key;
  else bounds.gt = key;
}

function tightenUpper(bounds: Bounds, key: Buffer, inclusive: boolean): void {
  const current = bounds.lt ?? bounds.lte;
  if (current !== undefined) {
    const cmp = Buffer.compare(key, current);
    if (cmp > 0 || (cmp === 0 && (inclusive || bounds.lt !== undefined))) return;
  }
  delete bounds.lt;
  delete bounds.lte;
  if (inclusive) bounds.lte = key;
  else bounds.lt = key;
}
