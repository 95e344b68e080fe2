import type { Cell, ItemRecord } from './mutation.js';

/**
 * The record without the tombstones written before `purgeBeforeMicros` (now minus
 * gc_grace_seconds), or null when nothing remains and the row can be deleted. Returns
 * `record` itself when there is nothing to purge, so a sweeper can skip it.
 *
 * Cells shadowed by the item tombstone go first, whether or not the tombstone is purged:
 * once it is gone nothing else would keep them dead. Tombstones younger than the threshold
 * stay, as a replica that missed the delete may still hold older data for them to shadow.
 */
export function purgeTombstones(record: ItemRecord, purgeBeforeMicros: number): ItemRecord | null {
  const tombstone = record.tombstoneMicros;
  const dropItemTombstone = tombstone >= 0 && tombstone < purgeBeforeMicros;
  let changed = dropItemTombstone;
  const cells: Record<string, Cell> = Object.create(null);
  let kept = 0;
  for (const name in record.cells) {
    const cell = record.cells[name]!;
    const shadowed = cell.timestampMicros <= tombstone;
    const expiredTombstone = cell.value === null && cell.timestampMicros < purgeBeforeMicros;
    if (shadowed || expiredTombstone) {
      changed = true;
      continue;
    }
    cells[name] = cell;
    kept++;
  }
  const tombstoneMicros = dropItemTombstone ? -1 : tombstone;
  if (kept === 0 && tombstoneMicros === -1) return null;
  return changed ? { cells, tombstoneMicros } : record;
}
