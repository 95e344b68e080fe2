import { decodeRecord, encodeRecord } from '@dynaring/core';
import type { Mutation, PrimaryKey } from '@dynaring/core';

/**
 * Stored form of a Mutation kept for later delivery (hints, the index outbox): JSON with the
 * token as a string (a bigint) and the cells in record-codec's compact form.
 */
interface StoredMutation {
  tableId: string;
  token: string;
  key: PrimaryKey;
  /** encodeRecord of the cells and the item tombstone. */
  record: string;
}

export function encodeMutation(m: Mutation): string {
  const value: StoredMutation = {
    tableId: m.tableId,
    token: String(m.token),
    key: m.key,
    record: encodeRecord({ cells: m.cells, tombstoneMicros: m.itemTombstoneMicros }),
  };
  return JSON.stringify(value);
}

export function decodeMutation(text: string): Mutation {
  const v = JSON.parse(text) as StoredMutation;
  const record = decodeRecord(v.record);
  return { tableId: v.tableId, token: BigInt(v.token), key: v.key, cells: record.cells, itemTombstoneMicros: record.tombstoneMicros };
}
