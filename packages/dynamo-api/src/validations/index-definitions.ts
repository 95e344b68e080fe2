import type { AttributeDefinition, IndexProjectionType, KeySchema, SecondaryIndexMeta } from '@dynaring/core';
import { validation } from '../errors.js';
import type { Shape } from './shape.js';
import { checkCapacityBounds, provisionedThroughputShape } from './table-fields.js';

/** DynamoDB's per-table limits on secondary indexes. */
export const MAX_LOCAL_INDEXES = 5;
export const MAX_GLOBAL_INDEXES = 20;
export const MAX_PROJECTED_ATTRIBUTES = 100;

export const keySchemaShape: Shape = {
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

export const indexNameShape: Shape = { type: 'String', notNull: true, pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 };

const projectionShape: Shape = {
  type: 'Structure',
  notNull: true,
  fields: {
    ProjectionType: { type: 'String', enum: ['ALL', 'KEYS_ONLY', 'INCLUDE'] },
    NonKeyAttributes: { type: 'List', minLength: 1, maxLength: 20, member: { type: 'String', minLength: 1, maxLength: 255 } },
  },
};

export const localIndexesShape: Shape = {
  type: 'List',
  member: { type: 'Structure', fields: { IndexName: indexNameShape, KeySchema: keySchemaShape, Projection: projectionShape } },
};

/** A GSI as CreateTable takes it, and as UpdateTable's Create action takes it. */
export const globalIndexShape: Shape = {
  type: 'Structure',
  fields: {
    IndexName: indexNameShape,
    KeySchema: keySchemaShape,
    Projection: projectionShape,
    ProvisionedThroughput: provisionedThroughputShape,
  },
};

export const globalIndexesShape: Shape = { type: 'List', member: globalIndexShape };

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface IndexDefinition {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType?: IndexProjectionType; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
}

const invalid = (m: string) => validation('One or more parameter values were invalid: ' + m);

/** The key schema rules every key schema shares (table's or index's), in DynamoDB's order. */
export function checkKeyElements(keySchema: readonly KeySchemaElement[], defined: readonly string[]): void {
  const keys = keySchema.map((k) => k.AttributeName);
  if (keys.some((k) => !defined.includes(k))) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${defined.join(', ')}]`,
    );
  }
  if (keys.length === 2 && keys[0] === keys[1]) throw validation('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  if (keySchema[0]!.KeyType !== 'HASH') throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (keySchema[1] && keySchema[1].KeyType !== 'RANGE') {
    throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
}

export function keySchemaOf(elements: readonly KeySchemaElement[], definitions: readonly AttributeDefinition[]): KeySchema {
  const typeOf = (name: string) => definitions.find((d) => d.AttributeName === name)!.AttributeType;
  const [hash, range] = elements;
  const schema: KeySchema = { hash: { name: hash!.AttributeName, type: typeOf(hash!.AttributeName) } };
  if (range) schema.range = { name: range.AttributeName, type: typeOf(range.AttributeName) };
  return schema;
}

function checkProjection(projection: IndexDefinition['Projection']): void {
  const type = projection.ProjectionType;
  if (type === undefined) throw invalid('Unknown ProjectionType: null');
  if (projection.NonKeyAttributes && type !== 'INCLUDE') throw invalid(`ProjectionType is ${type}, but NonKeyAttributes is specified`);
  if (type === 'INCLUDE' && !projection.NonKeyAttributes) throw invalid('ProjectionType is INCLUDE, but NonKeyAttributes is not specified');
  const seen = new Set<string>();
  for (const name of projection.NonKeyAttributes ?? []) {
    if (seen.has(name)) throw invalid(`Duplicate element in NonKeyAttributes: ${name}`);
    seen.add(name);
  }
}

/** The LSI rules of CreateTable (DynamoDB checks each index in turn, then the count). */
export function checkLocalIndexes(indexes: readonly IndexDefinition[], tableKeys: readonly KeySchemaElement[], defined: readonly string[], names: Set<string>): void {
  if (indexes.length === 0) throw invalid('List of LocalSecondaryIndexes is empty');
  if (tableKeys.length !== 2) {
    throw invalid('Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
  }
  const tableHash = tableKeys[0]!.AttributeName;
  for (const index of indexes) {
    checkKeyElements(index.KeySchema, defined);
    if (index.KeySchema.length !== 2) throw invalid(`Index KeySchema does not have a range key for index: ${index.IndexName}`);
    const indexHash = index.KeySchema[0]!.AttributeName;
    if (indexHash !== tableHash) {
      throw invalid(
        `Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.IndexName}. index hash key: ${indexHash}, table hash key: ${tableHash}`,
      );
    }
    checkProjection(index.Projection);
    if (names.has(index.IndexName)) throw invalid(`Duplicate index name: ${index.IndexName}`);
    names.add(index.IndexName);
  }
  if (indexes.length > MAX_LOCAL_INDEXES) throw invalid(`Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LOCAL_INDEXES}`);
}

/** One GSI's rules, shared by CreateTable and UpdateTable's Create action (whose throughput messages differ). */
export function checkGlobalIndex(index: IndexDefinition, defined: readonly string[], payPerRequest: boolean, operation: 'CreateTable' | 'UpdateTable'): void {
  checkKeyElements(index.KeySchema, defined);
  checkProjection(index.Projection);
  const name = index.IndexName;
  if (payPerRequest) {
    if (index.ProvisionedThroughput) {
      throw invalid(
        operation === 'CreateTable'
          ? `ProvisionedThroughput should not be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`
          : `Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`,
      );
    }
  } else {
    if (!index.ProvisionedThroughput) {
      throw invalid(
        operation === 'CreateTable' ? `ProvisionedThroughput is not specified for index: ${name}` : `ProvisionedThroughput must be specified for index: ${name}`,
      );
    }
    checkCapacityBounds(index.ProvisionedThroughput);
  }
}

export function checkGlobalIndexes(indexes: readonly IndexDefinition[], defined: readonly string[], payPerRequest: boolean, names: Set<string>): void {
  if (indexes.length === 0) throw invalid('List of GlobalSecondaryIndexes is empty');
  for (const index of indexes) {
    checkGlobalIndex(index, defined, payPerRequest, 'CreateTable');
    if (names.has(index.IndexName)) throw invalid(`Duplicate index name: ${index.IndexName}`);
    names.add(index.IndexName);
  }
  if (indexes.length > MAX_GLOBAL_INDEXES) throw invalid(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`);
}

/** NonKeyAttributes count across every index of a table (the same name in two indexes counts twice). */
export function checkProjectedAttributeCount(projections: readonly { nonKeyAttributes?: readonly string[] }[]): void {
  const total = projections.reduce((n, p) => n + (p.nonKeyAttributes?.length ?? 0), 0);
  if (total > MAX_PROJECTED_ATTRIBUTES) throw invalid(`Number of projected attributes in all indexes exceeds limit of ${MAX_PROJECTED_ATTRIBUTES}`);
}

/** Every AttributeDefinition must name a key attribute of the table or of one of its indexes. */
export function checkDefinitionsUsed(defined: readonly string[], keysUsed: readonly string[]): void {
  if (defined.some((d) => !keysUsed.includes(d))) {
    throw invalid(`Some AttributeDefinitions are not used. AttributeDefinitions: [${defined.join(', ')}], keys used: [${keysUsed.join(', ')}]`);
  }
}

/** The catalog's form of a validated index definition. */
export function indexMeta(
  definition: IndexDefinition,
  kind: 'local' | 'global',
  definitions: readonly AttributeDefinition[],
  id: string,
  status: SecondaryIndexMeta['status'],
  nowMs: number,
): SecondaryIndexMeta {
  const projection: SecondaryIndexMeta['projection'] = { type: definition.Projection.ProjectionType! };
  if (projection.type === 'INCLUDE') projection.nonKeyAttributes = [...definition.Projection.NonKeyAttributes!];
  return {
    name: definition.IndexName,
    kind,
    id,
    keySchema: keySchemaOf(definition.KeySchema, definitions),
    projection,
    status,
    readCapacityUnits: definition.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
    writeCapacityUnits: definition.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
    createdMs: nowMs,
  };
}
