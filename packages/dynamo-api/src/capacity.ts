import { itemSizeBytes } from './item-size.js';
import type { AttributeMap } from '@dynaring/core';

const WRITE_UNIT_BYTES = 1024;
const READ_UNIT_BYTES = 4096;

export type CapacityMode = 'INDEXES' | 'TOTAL' | 'NONE' | undefined;

export function writeUnits(item: AttributeMap | null | undefined): number {
  return writeUnitsForSize(item ? itemSizeBytes(item) : 0);
}

/**
 * Write units for replacing `old` by an item of `newSizeBytes`: DynamoDB charges the larger of
 * the two item sizes. `old` is only known when the write read the item first (a condition or
 * ReturnValues), which is also when DynamoDB's charge reflects it.
 */
export function replaceWriteUnits(old: AttributeMap | null | undefined, newSizeBytes: number): number {
  return writeUnitsForSize(Math.max(old ? itemSizeBytes(old) : 0, newSizeBytes));
}

/** Write units for an item of `sizeBytes`, for callers that have measured it already. */
export function writeUnitsForSize(sizeBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / WRITE_UNIT_BYTES));
}

/** Read units for `sizeBytes` read: eventually consistent reads cost half. */
export function readUnits(sizeBytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(sizeBytes / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}

/** Whether the response carries ConsumedCapacity, so that callers can skip measuring otherwise. */
export function wantsCapacity(mode: CapacityMode): boolean {
  return mode === 'TOTAL' || mode === 'INDEXES';
}

/**
 * What one operation consumed on a table, split between the table itself and the secondary
 * indexes it touched (an index that consumed nothing is left out).
 */
export interface Consumed {
  table: number;
  indexes: { name: string; kind: 'local' | 'global'; units: number }[];
}

/** Capacity consumed by the table alone. */
export function tableOnly(units: number): Consumed {
  return { table: units, indexes: [] };
}

/** The sum of two consumptions, index by index (for a batch's per-table total). */
export function addConsumed(a: Consumed, b: Consumed): Consumed {
  const indexes = a.indexes.map((i) => ({ ...i }));
  for (const i of b.indexes) {
    const same = indexes.find((x) => x.name === i.name && x.kind === i.kind);
    if (same) same.units += i.units;
    else indexes.push({ ...i });
  }
  return { table: a.table + b.table, indexes };
}

/** Table plus every index: what CapacityUnits reports. */
export function totalUnits(consumed: Consumed): number {
  return consumed.indexes.reduce((sum, i) => sum + i.units, consumed.table);
}

/**
 * The ConsumedCapacity member of a response, or nothing when it was not asked for. TOTAL gives
 * the table name and the total; INDEXES adds `Table` and, for the indexes that consumed
 * capacity, `LocalSecondaryIndexes` / `GlobalSecondaryIndexes` maps from index name to units.
 */
export function consumedCapacity(mode: CapacityMode, tableName: string, units: number | Consumed): Record<string, unknown> {
  if (!wantsCapacity(mode)) return {};
  const consumed = typeof units === 'number' ? tableOnly(units) : units;
  const capacity: Record<string, unknown> = { TableName: tableName, CapacityUnits: totalUnits(consumed) };
  if (mode === 'INDEXES') {
    capacity.Table = { CapacityUnits: consumed.table };
    for (const i of consumed.indexes) {
      const member = i.kind === 'local' ? 'LocalSecondaryIndexes' : 'GlobalSecondaryIndexes';
      ((capacity[member] ??= {}) as Record<string, unknown>)[i.name] = { CapacityUnits: i.units };
    }
  }
  return { ConsumedCapacity: capacity };
}

/**
 * The ConsumedCapacity member of a BatchGetItem or BatchWriteItem response: a list with one
 * entry per table in the request, or nothing when it was not asked for.
 */
export function batchConsumedCapacity(mode: CapacityMode, unitsByTable: ReadonlyMap<string, number | Consumed>): Record<string, unknown> {
  if (!wantsCapacity(mode)) return {};
  const list = [...unitsByTable].map(([tableName, units]) => consumedCapacity(mode, tableName, units).ConsumedCapacity);
  return { ConsumedCapacity: list };
}
