import type { KeySchema, SecondaryIndexMeta, TableMeta } from '@dynaring/core';
import type { ApiContext } from './operation.js';

export type TableStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'UPDATING';

/**
 * Approximate item counts and sizes, as DynamoDB reports them (it refreshes them every few
 * hours; ours follow writes more closely but are estimates all the same). `indexes` by name.
 */
export interface TableStatsEstimate {
  itemCount: number;
  sizeBytes: number;
  indexes: Record<string, { itemCount: number; sizeBytes: number }>;
}

export function tableArn(ctx: ApiContext, name: string): string {
  return `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`;
}

/**
 * A TableDescription as DescribeTable, CreateTable, UpdateTable and DeleteTable return it;
 * counts and sizes are 0 without `stats`.
 */
export function describeTable(meta: TableMeta, ctx: ApiContext, status: TableStatus = 'ACTIVE', stats?: TableStatsEstimate): Record<string, unknown> {
  const payPerRequest = meta.billingMode === 'PAY_PER_REQUEST';
  const description: Record<string, unknown> = {
    AttributeDefinitions: meta.attributeDefinitions,
    TableName: meta.name,
    KeySchema: keySchemaElements(meta.keySchema),
    TableStatus: status,
    CreationDateTime: meta.creationDateTimeMs / 1000,
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: payPerRequest ? 0 : meta.readCapacityUnits,
      WriteCapacityUnits: payPerRequest ? 0 : meta.writeCapacityUnits,
    },
    TableSizeBytes: stats?.sizeBytes ?? 0,
    ItemCount: stats?.itemCount ?? 0,
    TableArn: tableArn(ctx, meta.name),
    TableId: meta.id,
    DeletionProtectionEnabled: false,
  };
  const local = (meta.indexes ?? []).filter((i) => i.kind === 'local');
  const global = (meta.indexes ?? []).filter((i) => i.kind === 'global');
  if (local.length > 0) description.LocalSecondaryIndexes = local.map((i) => describeIndex(meta, i, ctx, stats));
  if (global.length > 0) description.GlobalSecondaryIndexes = global.map((i) => describeIndex(meta, i, ctx, stats));
  if (payPerRequest) {
    description.BillingModeSummary = {
      BillingMode: 'PAY_PER_REQUEST',
      LastUpdateToPayPerRequestDateTime: meta.creationDateTimeMs / 1000,
    };
  }
  return description;
}

function keySchemaElements(schema: KeySchema): { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[] {
  const elements: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[] = [{ AttributeName: schema.hash.name, KeyType: 'HASH' }];
  if (schema.range) elements.push({ AttributeName: schema.range.name, KeyType: 'RANGE' });
  return elements;
}

/**
 * One entry of LocalSecondaryIndexes / GlobalSecondaryIndexes. LSIs share the table's status
 * and throughput, so only GSIs carry IndexStatus and ProvisionedThroughput; Backfilling is
 * present only while a GSI added by UpdateTable is being filled.
 */
function describeIndex(table: TableMeta, index: SecondaryIndexMeta, ctx: ApiContext, stats: TableStatsEstimate | undefined): Record<string, unknown> {
  const projection: Record<string, unknown> = { ProjectionType: index.projection.type };
  if (index.projection.nonKeyAttributes) projection.NonKeyAttributes = index.projection.nonKeyAttributes;
  const description: Record<string, unknown> = {
    IndexName: index.name,
    KeySchema: keySchemaElements(index.keySchema),
    Projection: projection,
  };
  if (index.kind === 'global') {
    description.IndexStatus = index.status;
    if (index.status === 'CREATING') description.Backfilling = true;
    const payPerRequest = table.billingMode === 'PAY_PER_REQUEST';
    description.ProvisionedThroughput = {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: payPerRequest ? 0 : index.readCapacityUnits,
      WriteCapacityUnits: payPerRequest ? 0 : index.writeCapacityUnits,
    };
  }
  const indexStats = stats?.indexes[index.name];
  description.IndexSizeBytes = indexStats?.sizeBytes ?? 0;
  description.ItemCount = indexStats?.itemCount ?? 0;
  description.IndexArn = `${tableArn(ctx, table.name)}/index/${index.name}`;
  return description;
}
