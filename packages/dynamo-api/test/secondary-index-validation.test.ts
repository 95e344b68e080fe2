import type { SecondaryIndexMeta, TableMeta } from '@dynaring/core';
import { describe, expect, it } from 'vitest';
import { DynamoApiError } from '../src/errors.js';
import { assertIndexKeysValid } from '../src/index-key-check.js';
import { indexItemShaping, requireIndex, validateIndexStartKey } from '../src/index-read.js';
import type { ApiContext } from '../src/operation.js';
import { createTable } from '../src/operations/create-table.js';
import { describeTable } from '../src/table-description.js';
import { applyGsiUpdates, type GsiUpdate } from '../src/validations/gsi-updates.js';

const gsi: SecondaryIndexMeta = {
  name: 'byCity',
  kind: 'global',
  id: 'gsi-id',
  keySchema: { hash: { name: 'city', type: 'S' }, range: { name: 'score', type: 'N' } },
  projection: { type: 'KEYS_ONLY' },
  status: 'ACTIVE',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  createdMs: 0,
};
const lsi: SecondaryIndexMeta = {
  ...gsi,
  name: 'byScore',
  kind: 'local',
  id: 'lsi-id',
  keySchema: { hash: { name: 'pk', type: 'S' }, range: { name: 'score', type: 'N' } },
  projection: { type: 'INCLUDE', nonKeyAttributes: ['note'] },
};
const table: TableMeta = {
  name: 'tbl',
  id: 'tbl-id',
  keySchema: { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } },
  attributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'N' },
    { AttributeName: 'city', AttributeType: 'S' },
    { AttributeName: 'score', AttributeType: 'N' },
  ],
  billingMode: 'PAY_PER_REQUEST',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  creationDateTimeMs: 0,
  rf: 1,
  tags: {},
  indexes: [lsi, gsi],
};

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DynamoApiError) return `${err.type}: ${err.message}`;
    throw err;
  }
  throw new Error('expected a DynamoApiError');
}

async function createError(request: Record<string, unknown>): Promise<string> {
  const ctx = { catalog: { get: () => undefined } } as unknown as ApiContext;
  try {
    await createTable({ TableName: 'tbl', BillingMode: 'PAY_PER_REQUEST', ...request }, ctx);
  } catch (err) {
    if (err instanceof DynamoApiError) return err.message;
    throw err;
  }
  throw new Error('expected CreateTable to fail');
}

const P = 'One or more parameter values were invalid: ';
const hashRange = {
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};
const defs = (...names: string[]) => ({ AttributeDefinitions: names.map((n) => ({ AttributeName: n, AttributeType: 'S' })) });
const lsiOn = (name: string, keys: [string, string][]) => ({
  IndexName: name,
  KeySchema: keys.map(([AttributeName, KeyType]) => ({ AttributeName, KeyType })),
  Projection: { ProjectionType: 'ALL' },
});

describe('CreateTable with secondary indexes', () => {
  it('requires a table range key for an LSI', async () => {
    expect(
      await createError({ ...defs('pk', 'x'), KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], LocalSecondaryIndexes: [lsiOn('lsi1', [['pk', 'HASH'], ['x', 'RANGE']])] }),
    ).toBe(P + 'Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
  });

  it('requires the LSI to share the table hash key', async () => {
    expect(await createError({ ...defs('pk', 'sk', 'x'), ...hashRange, LocalSecondaryIndexes: [lsiOn('lsi1', [['x', 'HASH'], ['sk', 'RANGE']])] })).toBe(
      P + 'Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi1. index hash key: x, table hash key: pk',
    );
  });

  it('requires an LSI range key', async () => {
    expect(await createError({ ...defs('pk', 'sk'), ...hashRange, LocalSecondaryIndexes: [lsiOn('lsi1', [['pk', 'HASH']])] })).toBe(
      P + 'Index KeySchema does not have a range key for index: lsi1',
    );
  });

  it('limits LSIs to five', async () => {
    const six = Array.from({ length: 6 }, (_, i) => lsiOn(`l${i}x`, [['pk', 'HASH'], ['x', 'RANGE']]));
    expect(await createError({ ...defs('pk', 'sk', 'x'), ...hashRange, LocalSecondaryIndexes: six })).toBe(
      P + 'Number of LocalSecondaryIndexes exceeds per-table limit of 5',
    );
  });

  it('refuses duplicate index names across kinds', async () => {
    expect(
      await createError({
        ...defs('pk', 'sk', 'x'),
        ...hashRange,
        LocalSecondaryIndexes: [lsiOn('dup', [['pk', 'HASH'], ['x', 'RANGE']])],
        GlobalSecondaryIndexes: [lsiOn('dup', [['x', 'HASH']])],
      }),
    ).toBe(P + 'Duplicate index name: dup');
  });

  it('refuses unused attribute definitions', async () => {
    expect(await createError({ ...defs('pk', 'sk', 'x', 'y'), ...hashRange, GlobalSecondaryIndexes: [lsiOn('gsi1', [['x', 'HASH']])] })).toBe(
      P + 'Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, x, y], keys used: [pk, sk, x]',
    );
  });

  it('checks NonKeyAttributes against the projection type', async () => {
    const index = { ...lsiOn('gsi1', [['x', 'HASH']]), Projection: { ProjectionType: 'KEYS_ONLY', NonKeyAttributes: ['a'] } };
    expect(await createError({ ...defs('pk', 'sk', 'x'), ...hashRange, GlobalSecondaryIndexes: [index] })).toBe(
      P + 'ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified',
    );
    const include = { ...lsiOn('gsi1', [['x', 'HASH']]), Projection: { ProjectionType: 'INCLUDE' } };
    expect(await createError({ ...defs('pk', 'sk', 'x'), ...hashRange, GlobalSecondaryIndexes: [include] })).toBe(
      P + 'ProjectionType is INCLUDE, but NonKeyAttributes is not specified',
    );
  });

  it('ties GSI throughput to the billing mode', async () => {
    const withThroughput = { ...lsiOn('gsi1', [['x', 'HASH']]), ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } };
    expect(await createError({ ...defs('pk', 'sk', 'x'), ...hashRange, GlobalSecondaryIndexes: [withThroughput] })).toBe(
      P + 'ProvisionedThroughput should not be specified for index: gsi1 when BillingMode is PAY_PER_REQUEST',
    );
    expect(
      await createError({
        ...defs('pk', 'sk', 'x'),
        ...hashRange,
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        GlobalSecondaryIndexes: [lsiOn('gsi1', [['x', 'HASH']])],
      }),
    ).toBe(P + 'ProvisionedThroughput is not specified for index: gsi1');
  });
});

describe('GlobalSecondaryIndexUpdates', () => {
  const apply = (updates: GsiUpdate[], definitions?: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[]) =>
    applyGsiUpdates(table, updates, definitions, table.billingMode, () => 'new-id', 5);
  const create = (name: string, key: string): GsiUpdate => ({
    Create: { IndexName: name, KeySchema: [{ AttributeName: key, KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
  });

  it('adds a CREATING index and its key definition', () => {
    const out = apply([create('byColor', 'color')], [{ AttributeName: 'color', AttributeType: 'S' }]);
    expect(out.created).toMatchObject({ name: 'byColor', kind: 'global', id: 'new-id', status: 'CREATING' });
    expect(out.attributeDefinitions.map((d) => d.AttributeName)).toEqual(['pk', 'sk', 'city', 'score', 'color']);
  });

  it('refuses an existing name, a missing definition, two online changes', () => {
    expect(messageOf(() => apply([create('byScore', 'color')], [{ AttributeName: 'color', AttributeType: 'S' }]))).toBe(
      'ValidationException: Attempting to create an index which already exists',
    );
    expect(messageOf(() => apply([create('byColor', 'color')]))).toBe('ValidationException: ' + P + 'AttributeDefinitions is not specified for index: byColor');
    expect(messageOf(() => apply([create('byColor', 'color'), { Delete: { IndexName: 'byCity' } }], [{ AttributeName: 'color', AttributeType: 'S' }]))).toBe(
      'LimitExceededException: Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
    );
    expect(messageOf(() => apply([{ Delete: { IndexName: 'byCity' } }, { Delete: { IndexName: 'byCity' } }]))).toBe(
      'ValidationException: ' + P + 'Only one global secondary index update per index is allowed simultaneously. Index: byCity',
    );
  });

  it('deletes a GSI and the definitions only it used, never an LSI', () => {
    const out = apply([{ Delete: { IndexName: 'byCity' } }]);
    expect(out.indexes.map((i) => i.name)).toEqual(['byScore']);
    expect(out.attributeDefinitions.map((d) => d.AttributeName)).toEqual(['pk', 'sk', 'score']);
    expect(messageOf(() => apply([{ Delete: { IndexName: 'byScore' } }]))).toBe(
      'ValidationException: Cannot delete an index that is not a GlobalSecondaryIndex: byScore',
    );
    expect(messageOf(() => apply([{ Delete: { IndexName: 'nope' } }]))).toMatch(/^ResourceNotFoundException: /);
  });
});

describe('reading an index', () => {
  it('refuses what DynamoDB refuses, in its order', () => {
    expect(messageOf(() => requireIndex(table, { IndexName: 'nope' }, 'ALL_PROJECTED_ATTRIBUTES'))).toBe(
      'ValidationException: The table does not have the specified index: nope',
    );
    expect(messageOf(() => requireIndex(table, { IndexName: 'byCity', ConsistentRead: true }, 'ALL_PROJECTED_ATTRIBUTES'))).toBe(
      'ValidationException: Consistent reads are not supported on global secondary indexes',
    );
    expect(requireIndex(table, { IndexName: 'byScore', ConsistentRead: true }, 'ALL_ATTRIBUTES')).toBe(lsi);
    const creating: TableMeta = { ...table, indexes: [{ ...gsi, status: 'CREATING' }] };
    expect(messageOf(() => requireIndex(creating, { IndexName: 'byCity' }, 'COUNT'))).toBe(
      'ValidationException: Cannot read from backfilling global secondary index: byCity',
    );
  });

  it('takes an ExclusiveStartKey with the table and index keys', () => {
    const start = validateIndexStartKey(table, gsi, { pk: { S: 'p' }, sk: { N: '1' }, city: { S: 'oslo' }, score: { N: '5' } });
    expect(start).toEqual({ indexKey: { hash: { S: 'oslo' }, range: { N: '5' } }, baseKey: { hash: { S: 'p' }, range: { N: '1' } } });
    expect(messageOf(() => validateIndexStartKey(table, gsi, { pk: { S: 'p' }, sk: { N: '1' } }))).toBe('ValidationException: The provided starting key is invalid');
  });

  it('projects a KEYS_ONLY GSI before the filter and an LSI only for ALL_PROJECTED_ATTRIBUTES', () => {
    const item = { pk: { S: 'p' }, sk: { N: '1' }, city: { S: 'oslo' }, score: { N: '5' }, note: { S: 'n' }, other: { S: 'o' } };
    expect(indexItemShaping(table, gsi, 'SPECIFIC_ATTRIBUTES').view!(item)).toEqual({ pk: item.pk, sk: item.sk, city: item.city, score: item.score });
    expect(indexItemShaping(table, lsi, 'ALL_PROJECTED_ATTRIBUTES').output!(item)).toEqual({ pk: item.pk, sk: item.sk, score: item.score, note: item.note });
    expect(indexItemShaping(table, lsi, 'ALL_ATTRIBUTES')).toEqual({});
  });
});

describe('writes and DescribeTable', () => {
  it('refuses a wrongly typed index key but not a missing one', () => {
    expect(messageOf(() => assertIndexKeysValid(table, { pk: { S: 'p' }, sk: { N: '1' }, score: { S: 'x' } }))).toBe(
      'ValidationException: ' + P + 'Type mismatch for Index Key score Expected: N Actual: S IndexName: byCity',
    );
    expect(() => assertIndexKeysValid(table, { pk: { S: 'p' }, sk: { N: '1' } })).not.toThrow();
  });

  it('describes a CREATING GSI as backfilling', () => {
    const ctx = { region: 'r', accountId: 'a' } as ApiContext;
    const description = describeTable({ ...table, indexes: [{ ...gsi, status: 'CREATING' }] }, ctx);
    expect(description.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byCity',
        KeySchema: [
          { AttributeName: 'city', KeyType: 'HASH' },
          { AttributeName: 'score', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        IndexStatus: 'CREATING',
        Backfilling: true,
        ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: 'arn:aws:dynamodb:r:a:table/tbl/index/byCity',
      },
    ]);
  });
});
