import type { AttributeDefinition, BillingMode, KeySchema, TableMeta } from '@dynaring/core';
import { validation, resourceInUse } from '../errors.js';
import type { Operation } from '../operation.js';
import { describeTable } from '../table-description.js';
import { checkRequest, type Fields, type Shape } from '../validations/shape.js';
import { checkTableName, provisionedThroughputShape, checkCapacityBounds } from '../validations/table-fields.js';

const keySchemaShape: Shape = {
  type: 'List',
  notNull: true,
  minLength: 1,
  maxLength: 2,
  member: {
    type: 'Structure',
    fields: {
      AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
      KeyType: { type: 'String', notNull: true, enum: ['HASH', 'RANGE'] },
    },
  },
};

const indexShape: Shape = {
  type: 'List',
  member: {
    type: 'Structure',
    fields: {
      IndexName: { type: 'String', notNull: true, pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 },
      KeySchema: keySchemaShape,
    },
  },
};

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
  LocalSecondaryIndexes: indexShape,
  GlobalSecondaryIndexes: indexShape,
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
  LocalSecondaryIndexes?: unknown[];
  GlobalSecondaryIndexes?: unknown[];
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
  if (new Set(defined).size !== defined.length) {
    throw invalid('Duplicate AttributeName in AttributeDefinitions');
  }
  if (req.LocalSecondaryIndexes || req.GlobalSecondaryIndexes) {
    throw validation('Secondary indexes are not supported yet by this dynaring version');
  }
  if (req.KeySchema.length !== req.AttributeDefinitions.length) {
    throw invalid('Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }
  const typeOf = (name: string) => req.AttributeDefinitions.find((d) => d.AttributeName === name)!.AttributeType;
  const schema: KeySchema = { hash: { name: keys[0]!, type: typeOf(keys[0]!) } };
  if (keys[1]) schema.range = { name: keys[1], type: typeOf(keys[1]) };
  return schema;
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
  await ctx.catalog.create(meta);
  await ctx.schemaChanged?.();
  // A new table is ACTIVE as soon as CreateTable answers, as in Alternator.
  return { TableDescription: describeTable(meta, ctx, 'ACTIVE') };
};
