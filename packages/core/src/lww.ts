import type { Cell, ItemRecord, Mutation } from './mutation.js';

/**
 * Last-write-wins between two cells, as Cassandra reconciles them: the higher timestamp
 * wins; on a tie a tombstone wins; on a tie between values the larger serialized value wins,
 * so every replica picks the same one.
 */
export function reconcileCells(a: Cell, b: Cell): Cell {
  if (a.timestampMicros !== b.timestampMicros) return a.timestampMicros > b.timestampMicros ? a : b;
  if (a.value === null) return a;
  if (b.value === null) return b;
  const sa = JSON.stringify(a.value);
  const sb = JSON.stringify(b.value);
  return sa >= sb ? a : b;
}

/**
 * Merges a record (or a mutation) into a stored record. Cells shadowed by the resulting item
 * tombstone are dropped, so the result is also the compacted form to store.
 */
export function mergeRecords(
  stored: ItemRecord | null | undefined,
  incoming: { cells: Record<string, Cell>; tombstoneMicros: number },
): ItemRecord {
  const tombstoneMicros = Math.max(stored?.tombstoneMicros ?? -1, incoming.tombstoneMicros);
  const cells: Record<string, Cell> = Object.create(null);
  if (stored) {
    for (const name in stored.cells) {
      const cell = stored.cells[name]!;
      if (cell.timestampMicros > tombstoneMicros) cells[name] = cell;
    }
  }
  for (const name in incoming.cells) {
    const cell = incoming.cells[name]!;
    if (cell.timestampMicros <= tombstoneMicros) continue;
    const prev = cells[name];
    cells[name] = prev ? reconcileCells(prev, cell) : cell;
  }
  return { cells, tombstoneMicros };
}

export function mutationAsRecord(m: Mutation): ItemRecord {
  return { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros };
}
