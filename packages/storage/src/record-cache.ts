import type { ItemRecord } from '@dynaring/core';

interface CacheEntry {
  record: ItemRecord;
  sizeBytes: number;
  /** liveRowBytes of the record, when its writer knew it (table-stats.ts). */
  liveBytes?: number;
}

/**
 * Recently written or read item records, so that the read-before-write of `apply` and hot
 * reads skip LevelDB. Bounded by the encoded size of the records it holds; least recently
 * used entries go first. Records in the cache are shared and must never be mutated.
 */
export class RecordCache {
  private readonly entries = new Map<string, CacheEntry>();
  private sizeBytes = 0;

  constructor(private readonly capacityBytes: number) {}

  get(key: string): ItemRecord | undefined {
    return this.entry(key)?.record;
  }

  /** The record with its encoded size (and live bytes when known), for the group commit's table counters. */
  entry(key: string): Readonly<CacheEntry> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-insert to mark it most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, record: ItemRecord, sizeBytes: number, liveBytes?: number): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.sizeBytes -= previous.sizeBytes;
      this.entries.delete(key);
    }
    if (sizeBytes > this.capacityBytes / 16) return;
    this.entries.set(key, liveBytes === undefined ? { record, sizeBytes } : { record, sizeBytes, liveBytes });
    this.sizeBytes += sizeBytes;
    while (this.sizeBytes > this.capacityBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.sizeBytes -= this.entries.get(oldest)!.sizeBytes;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.sizeBytes -= entry.sizeBytes;
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.sizeBytes = 0;
  }
}
