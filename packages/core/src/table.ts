import type { KeySchema } from './key.js';

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: 'S' | 'N' | 'B';
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
}
