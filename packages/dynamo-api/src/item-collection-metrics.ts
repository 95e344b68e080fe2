import type { PrimaryKey, TableMeta } from '@dynaring/core';

export type ItemCollectionMetricsMode = 'SIZE' | 'NONE' | undefined;

/** One ItemCollectionMetrics entry, as DynamoDB reports it for a write to a table with LSIs. */
export interface ItemCollectionMetrics {
  ItemCollectionKey: Record<string, unknown>;
  SizeEstimateRangeGB: [number, number];
}

/** Whether writes to `table` report item collection metrics when asked: only tables with an LSI have item collections. */
export function hasItemCollections(table: TableMeta): boolean {
  return table.indexes?.some((i) => i.kind === 'local') ?? false;
}

/**
 * The metrics of the item collection (all items of one partition key) that a write touched.
 * DynamoDB reports the collection size as a range of whole gigabytes and warns that it is a
 * rough estimate; collections here are far below DynamoDB's 10 GB limit, so the range is the
 * one DynamoDB gives for any collection under 1 GB: [0, 1].
 */
export function itemCollectionMetricsOf(table: TableMeta, key: PrimaryKey): ItemCollectionMetrics {
  return { ItemCollectionKey: { [table.keySchema.hash.name]: key.hash }, SizeEstimateRangeGB: [0, 1] };
}

/** The ItemCollectionMetrics member of a PutItem/UpdateItem/DeleteItem response, or nothing. */
export function itemCollectionMetrics(mode: ItemCollectionMetricsMode, table: TableMeta, key: PrimaryKey): Record<string, unknown> {
  if (mode !== 'SIZE' || !hasItemCollections(table)) return {};
  return { ItemCollectionMetrics: itemCollectionMetricsOf(table, key) };
}
