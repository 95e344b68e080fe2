import type { AttributeDefinition, SecondaryIndexMeta, TableMeta } from '@dynaring/core';
import { DynamoApiError, resourceNotFound, validation } from '../errors.js';
import type { Shape } from './shape.js';
import { checkCapacityBounds, provisionedThroughputShape } from './table-fields.js';
import { checkGlobalIndex, checkProjectedAttributeCount, globalIndexShape, indexMeta, indexNameShape, MAX_GLOBAL_INDEXES, type IndexDefinition } from './index-definitions.js';

export const gsiUpdatesShape: Shape = {
  type: 'List',
  member: {
    type: 'Structure',
    fields: {
      Update: {
        type: 'Structure',
        fields: { IndexName: indexNameShape, ProvisionedThroughput: { ...provisionedThroughputShape, notNull: true } },
      },
      Create: globalIndexShape,
      Delete: { type: 'Structure', fields: { IndexName: indexNameShape } },
    },
  },
};

export const attributeDefinitionsShape: Shape = {
  type: 'List',
  member: {
    type: 'Structure',
    fields: {
      AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
      AttributeType: { type: 'String', notNull: true, enum: ['B', 'N', 'S'] },
    },
  },
};

type Throughput = { ReadCapacityUnits: number; WriteCapacityUnits: number };

export interface GsiUpdate {
  Update?: { IndexName: string; ProvisionedThroughput: Throughput };
  Create?: IndexDefinition;
  Delete?: { IndexName: string };
}

const invalid = (m: string) => validation('One or more parameter values were invalid: ' + m);
const limitExceeded = (m: string) => new DynamoApiError('LimitExceededException', m);
const ONE_ONLINE_INDEX = 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table';

/** The rules on the list itself, which need no table. */
function checkList(updates: readonly GsiUpdate[]): void {
  if (updates.length === 0) throw invalid('List of GlobalSecondaryIndexUpdates is empty');
  const names = new Set<string>();
  for (const u of updates) {
    const actions = [u.Update, u.Create, u.Delete].filter((a) => a !== undefined);
    if (actions.length === 0) {
      throw invalid('One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null');
    }
    if (actions.length > 1) throw invalid('Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object');
    const name = actions[0]!.IndexName;
    if (names.has(name)) throw invalid(`Only one global secondary index update per index is allowed simultaneously. Index: ${name}`);
    names.add(name);
  }
}

export interface AppliedGsiUpdates {
  indexes: SecondaryIndexMeta[];
  attributeDefinitions: AttributeDefinition[];
  /** The index a Create added, to be backfilled. */
  created?: SecondaryIndexMeta;
}

/**
 * Applies GlobalSecondaryIndexUpdates to a table definition, with DynamoDB's checks: one
 * Create or Delete per request (and none while another index is still being built), no
 * existing name for a Create, key attributes typed in the request's own AttributeDefinitions.
 */
export function applyGsiUpdates(
  table: TableMeta,
  updates: readonly GsiUpdate[],
  requestDefinitions: readonly AttributeDefinition[] | undefined,
  billingMode: TableMeta['billingMode'],
  newIndexId: () => string,
  nowMs: number,
): AppliedGsiUpdates {
  checkList(updates);
  let indexes = [...(table.indexes ?? [])];
  const definitions = [...table.attributeDefinitions];
  const online = updates.filter((u) => u.Create || u.Delete).length;
  if (online > 1 || (online === 1 && indexes.some((i) => i.status === 'CREATING'))) throw limitExceeded(ONE_ONLINE_INDEX);
  let created: SecondaryIndexMeta | undefined;
  const notFound = (name: string) => resourceNotFound(`Requested resource not found: Index: ${name} not found`);
  for (const u of updates) {
    if (u.Create) {
      const create = u.Create;
      if (indexes.some((i) => i.name === create.IndexName)) throw validation('Attempting to create an index which already exists');
      if (!requestDefinitions) throw invalid(`AttributeDefinitions is not specified for index: ${create.IndexName}`);
      const defined = requestDefinitions.map((d) => d.AttributeName);
      checkGlobalIndex(create, defined, billingMode === 'PAY_PER_REQUEST', 'UpdateTable');
      for (const d of requestDefinitions) {
        const existing = definitions.find((e) => e.AttributeName === d.AttributeName);
        if (existing && existing.AttributeType !== d.AttributeType) {
          throw invalid(`Cannot update attribute ${d.AttributeName}. This attribute is part of an index key schema and its type cannot be changed.`);
        }
      }
      if (indexes.filter((i) => i.kind === 'global').length >= MAX_GLOBAL_INDEXES) {
        throw limitExceeded(`One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`);
      }
      const keyNames = create.KeySchema.map((k) => k.AttributeName);
      for (const d of requestDefinitions) {
        if (keyNames.includes(d.AttributeName) && !definitions.some((e) => e.AttributeName === d.AttributeName)) {
          definitions.push({ AttributeName: d.AttributeName, AttributeType: d.AttributeType });
        }
      }
      created = indexMeta(create, 'global', requestDefinitions, newIndexId(), 'CREATING', nowMs);
      indexes.push(created);
      checkProjectedAttributeCount(indexes.map((i) => i.projection));
    } else if (u.Delete) {
      const name = u.Delete.IndexName;
      const index = indexes.find((i) => i.name === name);
      if (!index) throw notFound(name);
      if (index.kind !== 'global') throw validation(`Cannot delete an index that is not a GlobalSecondaryIndex: ${name}`);
      indexes = indexes.filter((i) => i !== index);
    } else {
      const { IndexName: name, ProvisionedThroughput: pt } = u.Update!;
      const index = indexes.find((i) => i.name === name);
      if (!index) throw notFound(name);
      if (index.kind !== 'global') throw validation(`Cannot update an index that is not a GlobalSecondaryIndex: ${name}`);
      if (billingMode === 'PAY_PER_REQUEST') {
        throw invalid(`The only Updates for index: ${name} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`);
      }
      checkCapacityBounds(pt);
      if (pt.ReadCapacityUnits === index.readCapacityUnits && pt.WriteCapacityUnits === index.writeCapacityUnits) {
        throw validation(
          `The provisioned throughput for the index ${name} will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the index: ${index.readCapacityUnits}. Requested ReadCapacityUnits: ${pt.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the index: ${index.writeCapacityUnits}. Requested WriteCapacityUnits: ${pt.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
        );
      }
      indexes = indexes.map((i) => (i === index ? { ...i, readCapacityUnits: pt.ReadCapacityUnits, writeCapacityUnits: pt.WriteCapacityUnits } : i));
    }
  }
  return { indexes, attributeDefinitions: pruneDefinitions(definitions, table, indexes), created };
}

/** A deleted GSI's key attributes leave AttributeDefinitions unless another key still uses them. */
function pruneDefinitions(definitions: AttributeDefinition[], table: TableMeta, indexes: readonly SecondaryIndexMeta[]): AttributeDefinition[] {
  const used = new Set<string>([table.keySchema.hash.name]);
  if (table.keySchema.range) used.add(table.keySchema.range.name);
  for (const i of indexes) {
    used.add(i.keySchema.hash.name);
    if (i.keySchema.range) used.add(i.keySchema.range.name);
  }
  return definitions.filter((d) => used.has(d.AttributeName));
}
