import type { TableMeta } from '@dynaring/core';
import type { ApiContext } from './operation.js';

export type TableStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'UPDATING';

export function tableArn(ctx: ApiContext, name: string): string {
  return `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`;
}

/** A TableDescription as DescribeTable, CreateTable, UpdateTable and DeleteTable return it. */
export function describeTable(meta: TableMeta, ctx: ApiContext, status: TableStatus = 'ACTIVE'): Record<string, unknown> {
  const keySchema = [{ AttributeName: meta.keySchema.hash.name, KeyType: 'HASH' }];
  if (meta.keySchema.range) keySchema.push({ AttributeName: meta.keySchema.range.name, KeyType: 'RANGE' });
  const payPerRequest = meta.billingMode === 'PAY_PER_REQUEST';
  const description: Record<string, unknown> = {
    AttributeDefinitions: meta.attributeDefinitions,
    TableName: meta.name,
    KeySchema: keySchema,
    TableStatus: status,
    CreationDateTime: meta.creationDateTimeMs / 1000,
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: payPerRequest ? 0 : meta.readCapacityUnits,
      WriteCapacityUnits: payPerRequest ? 0 : meta.writeCapacityUnits,
    },
    TableSizeBytes: 0,
    ItemCount: 0,
    TableArn: tableArn(ctx, meta.name),
    TableId: meta.id,
    DeletionProtectionEnabled: false,
  };
  if (payPerRequest) {
    description.BillingModeSummary = {
      BillingMode: 'PAY_PER_REQUEST',
      LastUpdateToPayPerRequestDateTime: meta.creationDateTimeMs / 1000,
    };
  }
  return description;
}
