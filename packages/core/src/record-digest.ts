import { createHash } from 'node:crypto';
import type { ItemRecord } from './mutation.js';

/** JSON with object keys sorted, so that equal values serialize equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const object = value as Record<string, unknown>;
  const names = Object.keys(object).sort();
  return '{' + names.map((n) => JSON.stringify(n) + ':' + canonicalJson(object[n])).join(',') + '}';
}

/** The whole stored record as text: item tombstone and every cell (timestamp, value or tombstone), by name. */
export function recordText(record: ItemRecord): string {
  let text = String(record.tombstoneMicros);
  for (const name of Object.keys(record.cells).sort()) {
    const cell = record.cells[name]!;
    text += '|' + JSON.stringify(name) + ':' + cell.timestampMicros + ':' + (cell.value === null ? 'x' : canonicalJson(cell.value));
  }
  return text;
}

/**
 * What a digest read returns: equal on two replicas exactly when they store the same cells,
 * timestamps and tombstones for the item, so a quorum read need fetch the data only once.
 */
export function recordDigest(record: ItemRecord | null): string {
  return record === null ? 'absent' : createHash('md5').update(recordText(record)).digest('hex');
}
