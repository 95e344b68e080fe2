import type { AttributeMap, AttributeValue } from './attribute-value.js';
import type { PrimaryKey } from './key.js';

/**
 * One attribute's value at a write timestamp. `value: null` is a cell tombstone: the
 * attribute was removed at `timestampMicros`.
 */
export interface Cell {
  value: AttributeValue | null;
  timestampMicros: number;
}

/**
 * What a replica stores for one item: cells by attribute name plus an item tombstone.
 * A cell is live when its value is not null and its timestamp is greater than
 * `tombstoneMicros`. `tombstoneMicros` is -1 when the item was never deleted or replaced.
 */
export interface ItemRecord {
  cells: Record<string, Cell>;
  tombstoneMicros: number;
}

/**
 * A write to one item, as sent to every replica. `token` is the Murmur3 token of the hash
 * key, computed once by the coordinator.
 */
export interface Mutation {
  tableId: string;
  token: bigint;
  key: PrimaryKey;
  cells: Record<string, Cell>;
  /** Deletes every cell written at or before this timestamp; -1 for none. */
  itemTombstoneMicros: number;
  /** The cells and item tombstone in stored form, once encoded (record-codec.ts, mutationRecordText). */
  encoded?: EncodedRecord;
}

/**
 * A mutation's cells and item tombstone as encodeRecord writes them, with the very objects it
 * encoded: a copy of the mutation with other cells or another tombstone no longer matches.
 */
export interface EncodedRecord {
  cells: Record<string, Cell>;
  tombstoneMicros: number;
  text: string;
}

/**
 * A write expressed by the API layer, before the coordinator stamps it with a timestamp.
 * - put: replace the whole item (the key attributes are part of `item`).
 * - update: set some attributes and remove others; `set` includes the key attributes so a
 *   new item gets them.
 * - delete: remove the whole item.
 */
export type ItemWrite =
  | { kind: 'put'; item: AttributeMap }
  | { kind: 'update'; set: AttributeMap; remove: string[] }
  | { kind: 'delete' };

/** Builds the cells of a write at `timestampMicros`, with Alternator's replace semantics. */
export function stampWrite(
  tableId: string,
  token: bigint,
  key: PrimaryKey,
  write: ItemWrite,
  timestampMicros: number,
): Mutation {
  // Null-prototype maps keep an attribute named "__proto__" an ordinary entry.
  const cells: Record<string, Cell> = Object.create(null);
  let itemTombstoneMicros = -1;
  switch (write.kind) {
    case 'put':
      // The tombstone just below the new cells removes every older attribute: replace.
      itemTombstoneMicros = timestampMicros - 1;
      for (const name in write.item) cells[name] = { value: write.item[name]!, timestampMicros };
      break;
    case 'update':
      for (const name in write.set) cells[name] = { value: write.set[name]!, timestampMicros };
      for (const name of write.remove) cells[name] = { value: null, timestampMicros };
      break;
    case 'delete':
      itemTombstoneMicros = timestampMicros;
      break;
  }
  return { tableId, token, key, cells, itemTombstoneMicros };
}

/** The live attributes of a stored item, or null when the item does not exist. */
export function liveItem(record: ItemRecord | null | undefined): AttributeMap | null {
  if (!record) return null;
  let out: AttributeMap | null = null;
  for (const name in record.cells) {
    const cell = record.cells[name]!;
    if (cell.value !== null && cell.timestampMicros > record.tombstoneMicros) {
      (out ??= Object.create(null) as AttributeMap)[name] = cell.value;
    }
  }
  return out;
}
