import type { TableMeta } from '@dynaring/core';

/** Table definitions known to this node, persisted in the `schema` system sublevel. */
export interface SchemaStore {
  list(): Promise<TableMeta[]>;
  put(meta: TableMeta): Promise<void>;
  remove(name: string): Promise<void>;
}

/** The part of a `level` sublevel (JSON values) that the store uses. */
export interface SchemaSublevel {
  values(): { all(): Promise<TableMeta[]> };
  put(key: string, value: TableMeta, options: { sync: boolean }): Promise<void>;
  del(key: string, options: { sync: boolean }): Promise<void>;
}

export function schemaStore(sublevel: SchemaSublevel): SchemaStore {
  return {
    list: () => sublevel.values().all(),
    put: (meta) => sublevel.put(meta.name, meta, { sync: true }),
    remove: (name) => sublevel.del(name, { sync: true }),
  };
}
