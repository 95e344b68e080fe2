import type { AttributeDefinition, BillingMode, KeySchema, TableMeta } from '@dynaring/core';
import { validation, resourceInUse } from '../errors.js';
import type { Operation } from '../operation.js';
import { describeTable } from '../table-description.js';
import { checkTagSet } from '../validations/tag-set.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import { checkTableName, provisionedThroughputShape, checkCapacityBounds } from '../validations/table-fields.js';
import {
  checkDefinitionsUsed,
  checkLocalIndexes,
  checkGlobalIndexes,
  checkProjectedAttributeCount,
  globalIndexesShape,
  indexMeta,
  keySchemaOf,
  keySchemaShape,
  localIndexesShape,
  type IndexDefinition,
} from '../validations/index-definitions.js';

const fields: Fields = {
  AttributeDefinitions: {
    type: 'List',
    notNull: true,
    member: {
      type: 'Structure',
      fields: {
        AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
        AttributeType: { type: 'String', notNull: true, enum: ['B', 'N', 'S'] },
      },
    },
  },
  TableName: { type: 'String', pattern: '[a-zA-Z0-9_.-]+' },
  KeySchema: keySchemaShape,
  BillingMode: { type: 'String', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
  ProvisionedThroughput: provisionedThroughputShape,
  LocalSecondaryIndexes: localIndexesShape,
  GlobalSecondaryIndexes: globalIndexesShape,
  Tags: {
    type: 'List',
    member: {
      type: 'Structure',
      fields: {
        Key: { type: 'String', notNull: true, minLength: 1, maxLength: 128 },
        Value: { type: 'String', notNull: true, maxLength: 256 },
      },
    },
  },
};

interface Request {
  TableName?: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  LocalSecondaryIndexes?: IndexDefinition[];
  GlobalSecondaryIndexes?: IndexDefinition[];
  Tags?: { Key: string; Value: string }[];
}

const invalid = (m: string) => validation('One or more parameter values were invalid: ' + m);

/** The checks DynamoDB makes after the request's shape is valid. */
function checkSemantics(req: Request): KeySchema {
  if (req.BillingMode === 'PAY_PER_REQUEST') {
    if (req.ProvisionedThroughput) {
      throw invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
    }
  } else {
    if (!req.ProvisionedThroughput) {
      throw invalid('ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
    }
    checkCapacityBounds(req.ProvisionedThroughput);
  }
  const defined = req.AttributeDefinitions.map((d) => d.AttributeName);
  const keys = req.KeySchema.map((k) => k.AttributeName);
  if (keys.length > defined.length) throw validation('Invalid KeySchema: Some index key attribute have no definition');
  if (keys.some((k) => !defined.includes(k))) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${defined.join(', ')}]`,
    );
  }
  if (keys[0] === keys[1]) throw validation('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  if (req.KeySchema[0]!.KeyType !== 'HASH') throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (req.KeySchema[1] && req.KeySchema[1].KeyType !== 'RANGE') {
    throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
  const duplicated = defined.find((name, i) => defined.indexOf(name) !== i);
  if (duplicated !== undefined) throw validation(`Attribute Name is duplicated: ${duplicated}`);
  const local = req.LocalSecondaryIndexes;
  const global = req.GlobalSecondaryIndexes;
  if (!local && !global && req.KeySchema.length !== req.AttributeDefinitions.length) {
    throw invalid('Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }
  const names = new Set<string>();
  if (local) checkLocalIndexes(local, req.KeySchema, defined, names);
  if (global) checkGlobalIndexes(global, defined, req.BillingMode === 'PAY_PER_REQUEST', names);
  if (local || global) {
    const indexes = [...(local ?? []), ...(global ?? [])];
    checkProjectedAttributeCount(indexes.map((i) => ({ nonKeyAttributes: i.Projection.NonKeyAttributes })));
    const used = [...req.KeySchema, ...indexes.flatMap((i) => i.KeySchema)].map((k) => k.AttributeName);
    checkDefinitionsUsed(defined, [...new Set(used)]);
  }
  return keySchemaOf(req.KeySchema, req.AttributeDefinitions);
}

/** RF rule as Alternator's: three replicas once the cluster has three live nodes. */
function replicationFactor(liveNodes: number): number {
  return liveNodes >= 3 ? 3 : 1;
}

export const createTable: Operation = async (body, ctx) => {
  checkTableName(body, true);
  const req = checkRequest<Request>(body, fields);
  const keySchema = checkSemantics(req);
  const name = req.TableName!;
  if (ctx.catalog.get(name)) throw resourceInUse(`Table already exists: ${name}`);
  const payPerRequest = req.BillingMode === 'PAY_PER_REQUEST';
  const meta: TableMeta = {
    name,
    id: ctx.newTableId(),
    keySchema,
    attributeDefinitions: req.AttributeDefinitions.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
    billingMode: payPerRequest ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    readCapacityUnits: payPerRequest ? 0 : req.ProvisionedThroughput!.ReadCapacityUnits,
    writeCapacityUnits: payPerRequest ? 0 : req.ProvisionedThroughput!.WriteCapacityUnits,
    creationDateTimeMs: ctx.clock.nowMs(),
    rf: replicationFactor(ctx.placement.liveNodeCount()),
    tags: Object.fromEntries((req.Tags ?? []).map((t) => [t.Key, t.Value])),
  };
  checkTagSet(meta.tags);
  const nowMs = meta.creationDateTimeMs;
  const indexes = [
    ...(req.LocalSecondaryIndexes ?? []).map((d) => indexMeta(d, 'local', meta.attributeDefinitions, ctx.newTableId(), 'ACTIVE', nowMs)),
    ...(req.GlobalSecondaryIndexes ?? []).map((d) => indexMeta(d, 'global', meta.attributeDefinitions, ctx.newTableId(), 'ACTIVE', nowMs)),
  ];
  if (indexes.length > 0) meta.indexes = indexes;
  await ctx.catalog.create(meta);
  await ctx.schemaChanged?.();
  // A new table is ACTIVE as soon as CreateTable answers, as in Alternator.
  return { TableDescription: describeTable(meta, ctx, 'ACTIVE') };
};
