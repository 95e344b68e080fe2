import {
  ClusterError,
  blockFor,
  liveItem,
  mergeRecords,
  stampWrite,
  type AttributeMap,
  type ConsistencyLevel,
  type ItemRecord,
  type ItemWrite,
  type PartitionQuery,
  type PrimaryKey,
  type ReplicaApi,
  type Row,
  type TableMeta,
  type TimestampSource,
} from '@dynaring/core';
import { tokenOf } from '@dynaring/cluster';
import { KeyedMutex } from './keyed-mutex.js';
import type { Placement } from './placement.js';

export interface CoordinatorOptions {
  placement: Placement;
  timestamps: TimestampSource;
}

/** The decision of a read-modify-write: what to write (null: nothing) and what to answer. */
export interface RmwDecision<T> {
  write: ItemWrite | null;
  result: T;
}

export type PartitionRead = Omit<PartitionQuery, 'tableId' | 'token'>;

/**
 * Turns one item operation into replica calls under a consistency level. Writes go to every
 * replica and wait for blockFor acknowledgements; reads at QUORUM merge what they read and
 * write the merge back to stale replicas before answering, so quorum reads never go back.
 */
export class Coordinator {
  /**
   * Read-modify-write operations on one item run one at a time through this coordinator.
   * With a single replica that is the whole isolation story; a cluster needs Paxos instead.
   */
  private readonly rmwLocks = new KeyedMutex();

  constructor(private readonly options: CoordinatorOptions) {}

  async write(table: TableMeta, key: PrimaryKey, write: ItemWrite, cl: ConsistencyLevel = 'QUORUM'): Promise<void> {
    const token = tokenOf(key.hash);
    const mutation = stampWrite(table.id, token, key, write, this.options.timestamps.nowMicros());
    const replicas = this.options.placement.replicasFor(table, token);
    await awaitAcks(
      replicas.map((r) => r.apply(mutation)),
      blockFor(cl, table.rf),
    );
  }

  async read(table: TableMeta, key: PrimaryKey, cl: ConsistencyLevel = 'LOCAL_ONE'): Promise<AttributeMap | null> {
    return liveItem(await this.readRecord(table, key, cl));
  }

  /**
   * Reads the item, lets `decide` compute the write from it, and applies that write, with no
   * other read-modify-write on the same item in between.
   */
  async readModifyWrite<T>(
    table: TableMeta,
    key: PrimaryKey,
    decide: (current: AttributeMap | null) => RmwDecision<T>,
  ): Promise<T> {
    const lockKey = table.id + '\u0000' + JSON.stringify(key);
    return this.rmwLocks.run(lockKey, async () => {
      const current = liveItem(await this.readRecord(table, key, 'QUORUM'));
      const decision = decide(current);
      if (decision.write) await this.write(table, key, decision.write, 'QUORUM');
      return decision.result;
    });
  }

  async queryPartition(table: TableMeta, query: PartitionRead, cl: ConsistencyLevel = 'LOCAL_ONE'): Promise<Row[]> {
    const token = tokenOf(query.hash);
    const replicas = this.options.placement.replicasFor(table, token);
    const wanted = blockFor(cl, table.rf);
    const full: PartitionQuery = { ...query, tableId: table.id, token };
    const results = await awaitResults(
      replicas.map((r) => r.queryPartition(full)),
      wanted,
    );
    return results.length === 1 ? results[0]! : mergeRowLists(results);
  }

  /**
   * Rows of a table in token order after `startAfter`, within the token range
   * (`range.afterToken`, `range.endToken`] when given (a parallel Scan segment).
   */
  async scan(
    table: TableMeta,
    startAfter: PrimaryKey | undefined,
    limit: number,
    range?: { afterToken: bigint; endToken: bigint },
  ): Promise<Row[]> {
    const replicas = this.options.placement.scanReplicas(table);
    const rows: Row[] = [];
    const from = startAfter ? { token: tokenOf(startAfter.hash), key: startAfter } : undefined;
    for (const replica of replicas) {
      if (rows.length >= limit) break;
      rows.push(
        ...(await replica.scanRange({
          tableId: table.id,
          startAfter: from,
          startAfterToken: range?.afterToken,
          endToken: range?.endToken,
          limit: limit - rows.length,
        })),
      );
    }
    return rows;
  }

  async dropTable(table: TableMeta): Promise<void> {
    await Promise.all(this.options.placement.scanReplicas(table).map((r) => r.dropTable(table.id)));
  }

  private async readRecord(table: TableMeta, key: PrimaryKey, cl: ConsistencyLevel): Promise<ItemRecord | null> {
    const token = tokenOf(key.hash);
    const replicas = this.options.placement.replicasFor(table, token);
    const wanted = blockFor(cl, table.rf);
    if (wanted === 1) return replicas[0]!.read(table.id, token, key);
    const asked = replicas.slice(0, wanted);
    const records = await awaitResults(
      asked.map((r) => r.read(table.id, token, key)),
      wanted,
    );
    let merged: ItemRecord | null = null;
    for (const record of records) if (record) merged = mergeRecords(merged, record);
    if (merged) await repair(asked, records, merged, table.id, token, key);
    return merged;
  }
}

/** Blocking read repair: replicas whose answer differs from the merge get the merge. */
async function repair(
  replicas: ReplicaApi[],
  records: (ItemRecord | null)[],
  merged: ItemRecord,
  tableId: string,
  token: bigint,
  key: PrimaryKey,
): Promise<void> {
  const target = JSON.stringify(merged);
  const writes: Promise<void>[] = [];
  records.forEach((record, i) => {
    if (JSON.stringify(record ? mergeRecords(null, record) : null) !== target) {
      writes.push(
        replicas[i]!.apply({ tableId, token, key, cells: merged.cells, itemTombstoneMicros: merged.tombstoneMicros }),
      );
    }
  });
  await Promise.all(writes);
}

async function awaitAcks(pending: Promise<void>[], needed: number): Promise<void> {
  await awaitResults(pending, needed);
}

/**
 * Resolves with the first `needed` successful results; fails as soon as too many replicas
 * have failed for `needed` to be reachable.
 */
function awaitResults<T>(pending: Promise<T>[], needed: number): Promise<T[]> {
  if (pending.length < needed) {
    return Promise.reject(new ClusterError('CLUSTER_UNAVAILABLE', `Cannot achieve consistency level: ${needed} replicas needed, ${pending.length} known`));
  }
  return new Promise((resolve, reject) => {
    const results: T[] = [];
    let failures = 0;
    let lastError: unknown;
    for (const p of pending) {
      p.then(
        (value) => {
          results.push(value);
          if (results.length === needed) resolve(results);
        },
        (err) => {
          failures++;
          lastError = err;
          if (pending.length - failures < needed) {
            reject(err instanceof ClusterError ? err : new ClusterError('CLUSTER_UNAVAILABLE', 'Not enough replicas answered', { cause: lastError }));
          }
        },
      );
    }
  });
}

/** Merges the same partition read from several replicas, row by row under last-write-wins. */
function mergeRowLists(lists: Row[][]): Row[] {
  const byKey = new Map<string, Row>();
  for (const list of lists) {
    for (const row of list) {
      const k = JSON.stringify(row.key);
      const prev = byKey.get(k);
      byKey.set(k, prev ? { ...row, record: mergeRecords(prev.record, row.record) } : row);
    }
  }
  // Each list is in the partition's order. Rows only a later list had are appended; the
  // ordering of such a merge is made exact together with multi-replica queries (issue 3).
  return [...byKey.values()];
}
