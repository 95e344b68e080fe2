import type { AttributeDefinition, BillingMode, SecondaryIndexMeta, TableMeta } from '@dynaring/core';
import { backfillIndex } from '../index-backfill.js';
import { applyGsiUpdates, attributeDefinitionsShape, gsiUpdatesShape, type GsiUpdate } from '../validations/gsi-updates.js';
import { validation } from '../errors.js';
import type { Operation } from '../operation.js';
import { describeTable } from '../table-description.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import { checkCapacityBounds, provisionedThroughputShape } from '../validations/table-fields.js';
import { requireTableForAdmin } from './describe-table.js';

const fields: Fields = {
  TableName: { type: 'String', pattern: '[a-zA-Z0-9_.-]+' },
  BillingMode: { type: 'String', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
  ProvisionedThroughput: provisionedThroughputShape,
  GlobalSecondaryIndexUpdates: gsiUpdatesShape,
  AttributeDefinitions: attributeDefinitionsShape,
  StreamSpecification: { type: 'Structure', fields: {} },
  SSESpecification: { type: 'Structure', fields: {} },
  DeletionProtectionEnabled: { type: 'Boolean' },
  TableClass: { type: 'String' },
};

interface Request {
  TableName: string;
  BillingMode?: BillingMode;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  GlobalSecondaryIndexUpdates?: GsiUpdate[];
  AttributeDefinitions?: AttributeDefinition[];
  StreamSpecification?: object;
  SSESpecification?: object;
  DeletionProtectionEnabled?: boolean;
  TableClass?: string;
}

const invalid = (m: string) => validation('One or more parameter values were invalid: ' + m);

export const updateTable: Operation = async (body, ctx) => {
  const current = requireTableForAdmin(body, ctx);
  const req = checkRequest<Request>(body, fields);
  const nothing =
    !req.BillingMode && !req.ProvisionedThroughput && !req.StreamSpecification && !req.SSESpecification &&
    req.DeletionProtectionEnabled === undefined && !req.TableClass && !req.GlobalSecondaryIndexUpdates;
  if (nothing) {
    throw validation(
      'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
    );
  }
  const billingMode = req.BillingMode ?? current.billingMode;
  const next: TableMeta = { ...current, billingMode, lastUpdateMs: Math.max(ctx.clock.nowMs(), (current.lastUpdateMs ?? current.creationDateTimeMs) + 1) };
  if (billingMode === 'PAY_PER_REQUEST') {
    if (req.ProvisionedThroughput) {
      throw invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
    }
    next.readCapacityUnits = 0;
    next.writeCapacityUnits = 0;
  } else if (req.ProvisionedThroughput) {
    checkCapacityBounds(req.ProvisionedThroughput);
    if (
      current.billingMode === 'PROVISIONED' &&
      req.ProvisionedThroughput.ReadCapacityUnits === current.readCapacityUnits &&
      req.ProvisionedThroughput.WriteCapacityUnits === current.writeCapacityUnits &&
      !req.BillingMode
    ) {
      throw validation(
        `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${current.readCapacityUnits}. Requested ReadCapacityUnits: ${req.ProvisionedThroughput.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${current.writeCapacityUnits}. Requested WriteCapacityUnits: ${req.ProvisionedThroughput.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
      );
    }
    next.readCapacityUnits = req.ProvisionedThroughput.ReadCapacityUnits;
    next.writeCapacityUnits = req.ProvisionedThroughput.WriteCapacityUnits;
  } else if (current.billingMode === 'PAY_PER_REQUEST') {
    throw invalid('ProvisionedThroughput must be specified when BillingMode is PROVISIONED');
  }
  let created: SecondaryIndexMeta | undefined;
  if (req.GlobalSecondaryIndexUpdates) {
    const applied = applyGsiUpdates(current, req.GlobalSecondaryIndexUpdates, req.AttributeDefinitions, billingMode, () => ctx.newTableId(), ctx.clock.nowMs());
    next.indexes = applied.indexes.length > 0 ? applied.indexes : undefined;
    next.attributeDefinitions = applied.attributeDefinitions;
    created = applied.created;
  }
  await ctx.catalog.update(next);
  await ctx.schemaChanged?.();
  if (created) {
    const what = `backfill of index ${created.name} of table ${next.name}`;
    void backfillIndex(ctx, next.name, next.id, created.id).catch((err: unknown) => ctx.onBackgroundError?.(err, what));
  }
  return { TableDescription: describeTable(next, ctx, 'ACTIVE') };
};
