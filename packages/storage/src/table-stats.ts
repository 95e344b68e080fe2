import { decodeRecord } from '@dynaring/core';
import type { ItemRecord } from '@dynaring/core';
import type { LocalState } from './local-state.js';

/** Live rows of one storage id (a table or an index's pointer table) and their encoded bytes. */
export interface TableStats {
  items: number;
  bytes: number;
}

export interface RecountOptions {
  /** Rows read per page; default 256. */
  pageSize?: number;
  /** Checked between pages: a recount asked to stop gives up and changes nothing. */
  shouldStop?: () => boolean;
  /** Awaited between pages, so that a background recount yields to requests. */
  betweenPages?: () => Promise<void>;
}

/** Reads the stored rows after `after` (from the table's first row when undefined), in key order. */
export type RowPage = (after: Buffer | undefined, limit: number) => Promise<Array<[Buffer, string]>>;

/** The `local` sublevel key of the persisted counters. */
const STATE_KEY = 'table_stats';

interface StoredStats {
  /** True only when written by a clean close: the counters then matched the rows exactly. */
  clean: boolean;
  tables: Record<string, [items: number, bytes: number]>;
}

/**
 * What a stored row adds to its table's counters: its encoded length when some cell is live,
 * else 0 (absent rows and tombstone-only rows are not items). An existing row's encoding is
 * never empty, so "> 0" means "live".
 */
export function liveRowBytes(record: ItemRecord, encodedLength: number): number {
  const tombstone = record.tombstoneMicros;
  // Merged records drop shadowed cells, so a live row usually answers at its first cell.
  for (const name in record.cells) {
    const cell = record.cells[name]!;
    if (cell.value !== null && cell.timestampMicros > tombstone) return encodedLength;
  }
  return 0;
}

/** A recount under way: the rows up to `cursor` are counted in `counts`. */
interface Recount {
  cursor: Buffer | undefined;
  counts: TableStats;
}

/**
 * Approximate live-row counters per storage id, for DescribeTable's ItemCount and sizes. The
 * group commit reports every written row's live bytes before and after (see `record`), which
 * costs a map lookup per changed row and no I/O. Counters are persisted lazily (`persist`,
 * which the node calls every few seconds, and on close): after a crash they may have missed
 * the last writes, so `clean` is false until someone recounts the tables (`recount`) and
 * says so (`markClean`). Bytes are encoded record lengths, not DynamoDB item sizes: storage
 * does not know those, and an estimate is all DescribeTable promises.
 */
export class TableCounters {
  private readonly counts = new Map<string, TableStats>();
  private readonly recounts = new Map<string, Recount>();
  private changed = false;
  private clean = true;

  constructor(private readonly local: LocalState) {}

  /**
   * Loads the persisted counters and leaves them unclean on disk until the next clean close.
   * `hasData`: whether any row is stored, as counters missing beside stored rows (written
   * before counters existed) are unclean, while a new database's are exact.
   */
  async load(hasData: boolean): Promise<void> {
    const stored = parseStored(await this.local.get(STATE_KEY));
    for (const [id, [items, bytes]] of Object.entries(stored?.tables ?? {})) this.counts.set(id, { items, bytes });
    this.clean = stored === undefined ? !hasData : stored.clean === true;
    // Only clean counters need marking: missing or unclean ones already read as unclean
    // after a crash (and a new database stays free of writes until it is written to).
    if (stored?.clean === true) await this.save(false);
  }

  /** Whether the counters are known to match the rows (up to the writes racing a recount). */
  isClean(): boolean {
    return this.clean;
  }

  /** Called once every table was recounted after an unclean start. */
  markClean(): void {
    this.clean = true;
  }

  get(tableId: string): TableStats {
    const counts = this.counts.get(tableId);
    // Drift after a crash could take a counter below zero; an estimate never reports that.
    return counts === undefined ? { items: 0, bytes: 0 } : { items: Math.max(0, counts.items), bytes: Math.max(0, counts.bytes) };
  }

  /** One written row of `tableId` went from `beforeBytes` to `afterBytes` (liveRowBytes of each). */
  record(tableId: string, key: Buffer, beforeBytes: number, afterBytes: number): void {
    if (beforeBytes === afterBytes) return;
    const items = (afterBytes > 0 ? 1 : 0) - (beforeBytes > 0 ? 1 : 0);
    const bytes = afterBytes - beforeBytes;
    let counts = this.counts.get(tableId);
    if (counts === undefined) this.counts.set(tableId, (counts = { items: 0, bytes: 0 }));
    counts.items += items;
    counts.bytes += bytes;
    this.changed = true;
    if (this.recounts.size === 0) return;
    // Rows the recount already passed would otherwise miss this change; those ahead of it will see it.
    const recount = this.recounts.get(tableId);
    if (recount?.cursor !== undefined && Buffer.compare(key, recount.cursor) <= 0) {
      recount.counts.items += items;
      recount.counts.bytes += bytes;
    }
  }

  /** Forgets a dropped table (and stops its recount). */
  drop(tableId: string): void {
    this.recounts.delete(tableId);
    if (this.counts.delete(tableId)) this.changed = true;
  }

  /**
   * Counts the table's live rows afresh and replaces its counters; undefined when stopped
   * or when the table was dropped (or recounted again) meanwhile. Writes during the recount
   * are counted on the side of the cursor they fall on; a write landing between a page's read
   * and its count can still be missed, which an estimate tolerates.
   */
  async recount(tableId: string, page: RowPage, options: RecountOptions = {}): Promise<TableStats | undefined> {
    const pageSize = options.pageSize ?? 256;
    const recount: Recount = { cursor: undefined, counts: { items: 0, bytes: 0 } };
    this.recounts.set(tableId, recount);
    try {
      for (;;) {
        if (options.shouldStop?.()) return undefined;
        const rows = await page(recount.cursor, pageSize);
        if (this.recounts.get(tableId) !== recount) return undefined;
        for (const [, value] of rows) {
          let record: ItemRecord;
          try {
            record = decodeRecord(value);
          } catch {
            // An unreadable row fails its reads and writes; it is no item to count.
            continue;
          }
          const bytes = liveRowBytes(record, value.length);
          if (bytes > 0) {
            recount.counts.items++;
            recount.counts.bytes += bytes;
          }
        }
        if (rows.length < pageSize) break;
        recount.cursor = rows[rows.length - 1]![0];
        await options.betweenPages?.();
        if (this.recounts.get(tableId) !== recount) return undefined;
      }
      this.counts.set(tableId, { ...recount.counts });
      this.changed = true;
      return { ...recount.counts };
    } finally {
      if (this.recounts.get(tableId) === recount) this.recounts.delete(tableId);
    }
  }

  /** Saves the counters if they changed since the last save; still unclean, as writes go on. */
  async persist(): Promise<void> {
    if (!this.changed) return;
    this.changed = false;
    try {
      await this.save(false);
    } catch (err) {
      this.changed = true;
      throw err;
    }
  }

  /** Saves the counters for good, after the last write; clean unless a recount is still owed. */
  close(): Promise<void> {
    return this.save(this.clean);
  }

  private save(clean: boolean): Promise<void> {
    const tables: StoredStats['tables'] = {};
    for (const [id, { items, bytes }] of this.counts) tables[id] = [items, bytes];
    const stored: StoredStats = { clean, tables };
    return this.local.put(STATE_KEY, JSON.stringify(stored));
  }
}

function parseStored(text: string | undefined): StoredStats | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as StoredStats;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.tables === 'object' ? parsed : undefined;
  } catch {
    // Unreadable counters are as good as none: the node recounts.
    return undefined;
  }
}
