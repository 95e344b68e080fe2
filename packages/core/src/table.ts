import type { KeySchema } from './key.js';

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: 'S' | 'N' | 'B';
}

export type IndexProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

/**
 * A local or global secondary index. Its data are pointer rows (see index-key.ts) stored as
 * the rows of the pseudo-table `id`, derived from the base items on every replica.
 */
export interface SecondaryIndexMeta {
  name: string;
  kind: 'local' | 'global';
  /** Storage id of the index's pointer rows; unique per incarnation, like TableMeta.id. */
  id: string;
  keySchema: KeySchema;
  projection: { type: IndexProjectionType; nonKeyAttributes?: string[] };
  /** GSIs added by UpdateTable are CREATING while backfilled, then ACTIVE; DELETING while dropped. */
  status: 'CREATING' | 'ACTIVE' | 'DELETING';
  /** A GSI's own provisioned throughput (0 under PAY_PER_REQUEST); LSIs share the table's. */
  readCapacityUnits: number;
  writeCapacityUnits: number;
  createdMs: number;
}

/**
 * A table's definition as the catalog keeps it. `id` is unique per incarnation, so a table
 * deleted and created again under the same name never sees the old data.
 */
export interface TableMeta {
  name: string;
  id: string;
  keySchema: KeySchema;
  attributeDefinitions: AttributeDefinition[];
  billingMode: BillingMode;
  readCapacityUnits: number;
  writeCapacityUnits: number;
  creationDateTimeMs: number;
  /** When the definition last changed (UpdateTable); decides between two versions of it. */
  lastUpdateMs?: number;
  /** Replication factor, fixed when the table is created. */
  rf: number;
  tags: Record<string, string>;
  /** Local and global secondary indexes, in declaration order. */
  indexes?: SecondaryIndexMeta[];
}
