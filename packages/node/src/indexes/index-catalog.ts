import type { ScalarKeyValue, SecondaryIndexMeta, TableMeta } from '@dynaring/core';
import type { TableCatalog } from '@dynaring/coordinator';
import type { IndexResolver, IndexedTable } from '@dynaring/storage';
import { storageIdsOf } from './index-tables.js';

export interface IndexCatalogOptions {
  /** Murmur3 token of an index hash value (`tokenOf` from @dynaring/cluster). */
  tokenOf: (hash: ScalarKeyValue) => bigint;
  /**
   * Drops the stored rows of a storage id that no longer belongs to any table: a dropped
   * table and its indexes, or an index removed from a table's definition. The caller owns
   * its errors.
   */
  dropData: (storageId: string, what: string) => void;
}

/** An index with the base table it belongs to. */
export interface IndexOfTable {
  table: TableMeta;
  index: SecondaryIndexMeta;
}

/** Indexes a replica keeps up to date; a DELETING one is on its way out and is not. */
const maintained = (index: SecondaryIndexMeta) => index.status === 'CREATING' || index.status === 'ACTIVE';

/**
 * The table catalog seen by id, for the paths that meet storage ids rather than table names:
 * the storage engine asks it which indexes to derive for a base write (on every apply, so it
 * is one map lookup), the outbox deliverer and hint replay ask whether an id still means
 * something. Rebuilt on every schema change, which is rare; the change is also where the data
 * of dropped tables and removed indexes is let go.
 */
export class IndexCatalog implements IndexResolver {
  private tablesById = new Map<string, TableMeta>();
  private indexesById = new Map<string, IndexOfTable>();
  private maintainedByTableId = new Map<string, IndexedTable>();

  constructor(
    private readonly catalog: Pick<TableCatalog, 'all' | 'onChange'>,
    private readonly options: IndexCatalogOptions,
  ) {
    this.rebuild();
    catalog.onChange(({ dropped }) => this.changed(dropped));
  }

  indexesOf(tableId: string): IndexedTable | undefined {
    return this.maintainedByTableId.get(tableId);
  }

  tokenOf(hash: ScalarKeyValue): bigint {
    return this.options.tokenOf(hash);
  }

  /** The current definition of the table incarnation `tableId`, if it still exists. */
  tableById(tableId: string): TableMeta | undefined {
    return this.tablesById.get(tableId);
  }

  /** The index `indexId` with its table, if it is still in the table's definition. */
  indexById(indexId: string): IndexOfTable | undefined {
    return this.indexesById.get(indexId);
  }

  /** Whether rows stored under `storageId` still belong somewhere: a table's or an index's. */
  isLive(storageId: string): boolean {
    return this.tablesById.has(storageId) || this.indexesById.has(storageId);
  }

  private changed(dropped: readonly TableMeta[]): void {
    const before = [...this.tablesById.values()];
    this.rebuild();
    const gone = new Map<string, string>();
    // A dropped incarnation takes its indexes with it, whichever version of its definition
    // (ours or the one the change carries) listed them.
    for (const table of [...dropped, ...before]) {
      if (this.tablesById.has(table.id)) continue;
      for (const id of storageIdsOf(table)) gone.set(id, table.name);
    }
    // An index that left a table's definition (its GSI was deleted) leaves its pointer rows.
    for (const table of before) {
      const now = this.tablesById.get(table.id);
      if (!now) continue;
      for (const index of table.indexes ?? []) {
        if (!this.indexesById.has(index.id)) gone.set(index.id, `${table.name}/${index.name}`);
      }
    }
    for (const [id, what] of gone) {
      if (!this.isLive(id)) this.options.dropData(id, what);
    }
  }

  private rebuild(): void {
    const tablesById = new Map<string, TableMeta>();
    const indexesById = new Map<string, IndexOfTable>();
    const maintainedByTableId = new Map<string, IndexedTable>();
    for (const table of this.catalog.all()) {
      tablesById.set(table.id, table);
      for (const index of table.indexes ?? []) indexesById.set(index.id, { table, index });
      const live = (table.indexes ?? []).filter(maintained);
      if (live.length > 0) maintainedByTableId.set(table.id, { baseKeySchema: table.keySchema, indexes: live });
    }
    this.tablesById = tablesById;
    this.indexesById = indexesById;
    this.maintainedByTableId = maintainedByTableId;
  }
}
