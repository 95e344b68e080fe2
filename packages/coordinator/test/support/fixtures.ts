import type { ItemRecord, Mutation, PrimaryKey, ReplicaApi, Row, TableMeta } from '@dynaring/core';

/**
 * The part of a replica the coordinator tests never exercise (range reads, drops, repair):
 * test replicas extend this and write only the calls their test is about.
 */
export abstract class StubReplica implements ReplicaApi {
  abstract apply(m: Mutation): Promise<void>;
  abstract read(tableId: string, token: bigint, key: PrimaryKey): Promise<ItemRecord | null>;
  abstract digest(tableId: string, token: bigint, key: PrimaryKey): Promise<string>;
  async queryPartition(): Promise<Row[]> {
    return [];
  }
  async scanRange(): Promise<Row[]> {
    return [];
  }
  async dropTable(): Promise<void> {}
  async merkleTree(): Promise<string[]> {
    return [];
  }
}

/** A PAY_PER_REQUEST table with hash key `k` (S) and RF 3, changed by `overrides`. */
export function tableMeta(overrides: Partial<TableMeta> = {}): TableMeta {
  return {
    name: 't',
    id: 'id',
    keySchema: { hash: { name: 'k', type: 'S' } },
    attributeDefinitions: [],
    billingMode: 'PAY_PER_REQUEST',
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    creationDateTimeMs: 0,
    rf: 3,
    tags: {},
    ...overrides,
  };
}
