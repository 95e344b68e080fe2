import { pointerTableMeta, type TableMeta } from '@dynaring/core';

/**
 * The tables as stored: each table followed by the pointer pseudo-table of every index in its
 * definition. Whatever walks stored data table by table (streaming, repair, cleanup,
 * tombstone sweeps) goes through this, because pointer rows are stored rows like any other and
 * need moving, repairing and purging just as much.
 */
export function withIndexTables(tables: readonly TableMeta[]): TableMeta[] {
  return tables.flatMap((table) => [table, ...(table.indexes ?? []).map((index) => pointerTableMeta(table, index))]);
}

/** Every storage id of a table incarnation: its own and its indexes' (to drop them all at once). */
export function storageIdsOf(table: TableMeta): string[] {
  return [table.id, ...(table.indexes ?? []).map((index) => index.id)];
}
