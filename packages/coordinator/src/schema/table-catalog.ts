import { ClusterError, type TableMeta } from '@dynaring/core';

/** Where table definitions are kept durably (a system sublevel of the node's storage). */
export interface SchemaStore {
  list(): Promise<TableMeta[]>;
  put(meta: TableMeta): Promise<void>;
  remove(name: string): Promise<void>;
}

/**
 * The tables this node knows, cached in memory in front of the schema store. Every read of
 * the catalog is synchronous: it is on the path of every request.
 */
export class TableCatalog {
  private readonly tables = new Map<string, TableMeta>();

  constructor(private readonly store: SchemaStore) {}

  async load(): Promise<void> {
    this.tables.clear();
    for (const meta of await this.store.list()) this.tables.set(meta.name, meta);
  }

  get(name: string): TableMeta | undefined {
    return this.tables.get(name);
  }

  require(name: string): TableMeta {
    const meta = this.tables.get(name);
    if (!meta) throw new ClusterError('TABLE_NOT_FOUND', 'Requested resource not found');
    return meta;
  }

  /** Table names in DynamoDB's ListTables order (by UTF-16 code unit, as Java sorts). */
  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  async create(meta: TableMeta): Promise<void> {
    if (this.tables.has(meta.name)) {
      throw new ClusterError('TABLE_EXISTS', `Table already exists: ${meta.name}`);
    }
    this.tables.set(meta.name, meta);
    try {
      await this.store.put(meta);
    } catch (err) {
      this.tables.delete(meta.name);
      throw err;
    }
  }

  async update(meta: TableMeta): Promise<void> {
    this.require(meta.name);
    await this.store.put(meta);
    this.tables.set(meta.name, meta);
  }

  async remove(name: string): Promise<TableMeta> {
    const meta = this.require(name);
    this.tables.delete(name);
    await this.store.remove(name);
    return meta;
  }
}
