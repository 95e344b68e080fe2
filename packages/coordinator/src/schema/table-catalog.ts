import { createHash } from 'node:crypto';
import { ClusterError, type TableMeta } from '@dynaring/core';

/** Where table definitions are kept durably (a system sublevel of the node's storage). */
export interface SchemaStore {
  list(): Promise<TableMeta[]>;
  put(meta: TableMeta): Promise<void>;
  remove(name: string): Promise<void>;
}

/** Where the catalog keeps small durable values of its own (the dropped-table list). */
export interface CatalogState {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

/** A table incarnation that was deleted; remembered so that no node brings it back. */
export interface DroppedTable {
  name: string;
  id: string;
  droppedAtMs: number;
}

/** Everything a node knows about tables, as exchanged between nodes. */
export interface SchemaSnapshot {
  tables: TableMeta[];
  dropped: DroppedTable[];
}

export type CatalogListener = (change: { created: TableMeta[]; dropped: TableMeta[]; updated: TableMeta[] }) => void;

const DROPPED_KEY = 'schema.dropped';

const updatedAt = (m: TableMeta) => m.lastUpdateMs ?? m.creationDateTimeMs;

/**
 * The tables this node knows, cached in memory in front of the schema store. Reads are
 * synchronous: they are on the path of every request. Definitions from other nodes are
 * merged so that every node converges: a table incarnation (its id) once dropped stays
 * dropped; between two incarnations of one name the later-created wins; between two versions
 * of one incarnation the later update wins.
 */
export class TableCatalog {
  private readonly tables = new Map<string, TableMeta>();
  private readonly dropped = new Map<string, DroppedTable>();
  private readonly listeners: CatalogListener[] = [];
  private cachedVersion: string | undefined;

  constructor(
    private readonly store: SchemaStore,
    private readonly state?: CatalogState,
  ) {}

  async load(): Promise<void> {
    this.tables.clear();
    this.dropped.clear();
    for (const meta of await this.store.list()) this.tables.set(meta.name, meta);
    const dropped = await this.state?.get(DROPPED_KEY);
    if (dropped) for (const d of JSON.parse(dropped) as DroppedTable[]) this.dropped.set(d.id, d);
    this.cachedVersion = undefined;
  }

  onChange(listener: CatalogListener): void {
    this.listeners.push(listener);
  }

  get(name: string): TableMeta | undefined {
    return this.tables.get(name);
  }

  require(name: string): TableMeta {
    const meta = this.tables.get(name);
    if (!meta) throw new ClusterError('TABLE_NOT_FOUND', 'Requested resource not found');
    return meta;
  }

  /** Table names in DynamoDB's ListTables order. */
  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  all(): TableMeta[] {
    return [...this.tables.values()];
  }

  /** A digest of the schema: equal on two nodes exactly when they know the same tables. */
  version(): string {
    if (this.cachedVersion === undefined) {
      const hash = createHash('sha256');
      for (const m of [...this.tables.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) hash.update(`${m.id}@${updatedAt(m)};`);
      hash.update('|');
      for (const id of [...this.dropped.keys()].sort()) hash.update(`${id};`);
      const hex = hash.digest('hex');
      // Shaped as a UUID, as Cassandra shows schema versions.
      this.cachedVersion = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    }
    return this.cachedVersion;
  }

  snapshot(): SchemaSnapshot {
    return { tables: this.all(), dropped: [...this.dropped.values()] };
  }

  async create(meta: TableMeta): Promise<void> {
    if (this.tables.has(meta.name)) {
      throw new ClusterError('TABLE_EXISTS', `Table already exists: ${meta.name}`);
    }
    await this.store.put(meta);
    this.tables.set(meta.name, meta);
    this.changed({ created: [meta], dropped: [], updated: [] });
  }

  async update(meta: TableMeta): Promise<void> {
    this.require(meta.name);
    await this.store.put(meta);
    this.tables.set(meta.name, meta);
    this.changed({ created: [], dropped: [], updated: [meta] });
  }

  async remove(name: string, nowMs: number): Promise<TableMeta> {
    const meta = this.require(name);
    this.dropped.set(meta.id, { name, id: meta.id, droppedAtMs: nowMs });
    await this.persistDropped();
    await this.store.remove(name);
    this.tables.delete(name);
    this.changed({ created: [], dropped: [meta], updated: [] });
    return meta;
  }

  /** Applies what another node knows; returns nothing, listeners hear of every change. */
  async merge(remote: SchemaSnapshot): Promise<void> {
    const change = { created: [] as TableMeta[], dropped: [] as TableMeta[], updated: [] as TableMeta[] };
    let droppedChanged = false;
    for (const d of remote.dropped) {
      if (!this.dropped.has(d.id)) {
        this.dropped.set(d.id, d);
        droppedChanged = true;
      }
    }
    for (const theirs of remote.tables) {
      if (this.dropped.has(theirs.id)) continue;
      const ours = this.tables.get(theirs.name);
      if (!ours) {
        this.tables.set(theirs.name, theirs);
        await this.store.put(theirs);
        change.created.push(theirs);
      } else if (ours.id === theirs.id) {
        if (updatedAt(theirs) > updatedAt(ours)) {
          this.tables.set(theirs.name, theirs);
          await this.store.put(theirs);
          change.updated.push(theirs);
        }
      } else {
        // Two incarnations of one name: the later-created one wins, the other is dropped.
        const [winner, loser] = theirs.creationDateTimeMs > ours.creationDateTimeMs ? [theirs, ours] : [ours, theirs];
        this.dropped.set(loser.id, { name: loser.name, id: loser.id, droppedAtMs: winner.creationDateTimeMs });
        droppedChanged = true;
        if (winner === theirs) {
          this.tables.set(theirs.name, theirs);
          await this.store.put(theirs);
          change.dropped.push(ours);
          change.created.push(theirs);
        }
      }
    }
    for (const meta of [...this.tables.values()]) {
      if (this.dropped.has(meta.id)) {
        this.tables.delete(meta.name);
        await this.store.remove(meta.name);
        change.dropped.push(meta);
      }
    }
    if (droppedChanged) await this.persistDropped();
    if (droppedChanged || change.created.length || change.dropped.length || change.updated.length) this.changed(change);
  }

  private async persistDropped(): Promise<void> {
    await this.state?.put(DROPPED_KEY, JSON.stringify([...this.dropped.values()]));
  }

  private changed(change: { created: TableMeta[]; dropped: TableMeta[]; updated: TableMeta[] }): void {
    this.cachedVersion = undefined;
    for (const listener of this.listeners) listener(change);
  }
}
