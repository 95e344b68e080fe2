import { tokenOf } from '@dynaring/cluster';
import { pointerForRecord, pointerTableMeta, systemTimers, type PrimaryKey, type SecondaryIndexMeta, type TableMeta } from '@dynaring/core';
import type { ApiContext } from './operation.js';

const PAGE_ROWS = 256;
const PARALLEL_WRITES = 32;
const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 10_000;

/** The index as the catalog holds it now, or undefined once the table or the index is gone. */
function currentIndex(ctx: ApiContext, tableName: string, tableId: string, indexId: string): { table: TableMeta; index: SecondaryIndexMeta } | undefined {
  const table = ctx.catalog.get(tableName);
  if (!table || table.id !== tableId) return undefined;
  const index = table.indexes?.find((i) => i.id === indexId);
  return index ? { table, index } : undefined;
}

/**
 * Fills a GSI that UpdateTable added to a table: writes the pointer of every base item, then
 * marks the index ACTIVE. Writes that arrive meanwhile are indexed by the replicas themselves
 * (the CREATING index is in the schema), and a pointer carries the timestamp of its base cells,
 * so a backfilled pointer never overrides a newer one. Reads are at QUORUM so that every
 * acknowledged write is seen; a page that fails is retried after a growing delay, and the work
 * stops quietly when the table or the index is dropped meanwhile.
 */
export async function backfillIndex(ctx: ApiContext, tableName: string, tableId: string, indexId: string): Promise<void> {
  const timers = ctx.timers ?? systemTimers;
  const sleep = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));
  let after: PrimaryKey | undefined;
  let retryMs = MIN_RETRY_MS;
  for (;;) {
    const found = currentIndex(ctx, tableName, tableId, indexId);
    if (!found) return;
    try {
      const rows = await ctx.coordinator.scan(found.table, after, PAGE_ROWS, undefined, 'QUORUM');
      const pointers = rows.flatMap((row) => pointerForRecord(found.index, found.table.keySchema, row.key, row.record, tokenOf) ?? []);
      const target = pointerTableMeta(found.table, found.index);
      for (let i = 0; i < pointers.length; i += PARALLEL_WRITES) {
        await Promise.all(pointers.slice(i, i + PARALLEL_WRITES).map((m) => ctx.coordinator.applyMutation(target, m, 'QUORUM')));
      }
      retryMs = MIN_RETRY_MS;
      if (rows.length < PAGE_ROWS) break;
      after = rows[rows.length - 1]!.key;
    } catch (err) {
      ctx.onBackgroundError?.(err, `backfill of index ${found.index.name} of table ${tableName}`);
      await sleep(retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }
  await markActive(ctx, tableName, tableId, indexId);
}

async function markActive(ctx: ApiContext, tableName: string, tableId: string, indexId: string): Promise<void> {
  const found = currentIndex(ctx, tableName, tableId, indexId);
  if (!found || found.index.status !== 'CREATING') return;
  const { table } = found;
  const next: TableMeta = {
    ...table,
    indexes: table.indexes!.map((i) => (i.id === indexId ? { ...i, status: 'ACTIVE' } : i)),
    lastUpdateMs: Math.max(ctx.clock.nowMs(), (table.lastUpdateMs ?? table.creationDateTimeMs) + 1),
  };
  await ctx.catalog.update(next);
  await ctx.schemaChanged?.();
}

/**
 * Restarts the backfill of every index still CREATING, as a node does when it starts: the node
 * that began one may have died midway. Several nodes backfilling the same index is harmless
 * (pointers are idempotent); the first to finish marks it ACTIVE.
 */
export function resumeBackfills(ctx: ApiContext): void {
  for (const table of ctx.catalog.all()) {
    for (const index of table.indexes ?? []) {
      if (index.kind !== 'global' || index.status !== 'CREATING') continue;
      const what = `backfill of index ${index.name} of table ${table.name}`;
      void backfillIndex(ctx, table.name, table.id, index.id).catch((err: unknown) => ctx.onBackgroundError?.(err, what));
    }
  }
}
