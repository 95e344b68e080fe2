import type { SecondaryIndexMeta, TableMeta } from '@dynaring/core';
import type { ApiContext } from '@dynaring/dynamo-api';

/** This node's live rows of one storage id and their encoded bytes (StorageEngine.tableStats). */
export interface LocalTableStats {
  items: number;
  bytes: number;
}

/** The cluster-wide estimate DescribeTable reports. */
export type TableStatsEstimate = Awaited<ReturnType<NonNullable<ApiContext['tableStats']>>>;

/**
 * What one index item of a KEYS_ONLY index is taken to weigh: its keys, which nothing
 * counts, plus DynamoDB's per-index-item overhead of about this much. Never more than an
 * average base item, which holds those keys too.
 */
export const KEYS_ONLY_ITEM_BYTES = 100;

/**
 * Scales this node's counts to the cluster: with tokens spread evenly, each of `normalNodes`
 * nodes holds rf/normalNodes of the rows (all of them once rf >= nodes), so the cluster holds
 * local × nodes / min(rf, nodes) distinct rows. Exact on one node and wherever every node
 * holds every row (three nodes, RF 3); an estimate elsewhere, as DynamoDB's own values are.
 *
 * Indexes: pointer rows are the index's items (a GSI's only for items that have its key),
 * scaled the same way. Their size is their items times an average base item for ALL and
 * INCLUDE projections (INCLUDE is thereby an upper bound), and KEYS_ONLY_ITEM_BYTES for
 * KEYS_ONLY.
 */
export function clusterTableStats(table: TableMeta, local: (storageId: string) => LocalTableStats, normalNodes: number): TableStatsEstimate {
  const nodes = Math.max(1, normalNodes);
  const scale = nodes / Math.max(1, Math.min(table.rf, nodes));
  const base = local(table.id);
  const itemCount = Math.round(base.items * scale);
  const sizeBytes = Math.round(base.bytes * scale);
  const averageItemBytes = base.items > 0 ? base.bytes / base.items : 0;
  // Index names are user input: "__proto__" must stay an ordinary key.
  const indexes: TableStatsEstimate['indexes'] = Object.create(null);
  for (const index of table.indexes ?? []) {
    const count = Math.round(local(index.id).items * scale);
    indexes[index.name] = { itemCount: count, sizeBytes: Math.round(count * indexItemBytes(index, averageItemBytes)) };
  }
  return { itemCount, sizeBytes, indexes };
}

function indexItemBytes(index: SecondaryIndexMeta, averageItemBytes: number): number {
  return index.projection.type === 'KEYS_ONLY' ? Math.min(KEYS_ONLY_ITEM_BYTES, averageItemBytes) : averageItemBytes;
}
