import {
  BatchGetItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type Condition,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

/** DynamoDB's legacy parameters (Expected, AttributeUpdates, AttributesToGet, KeyConditions, QueryFilter, ScanFilter) end to end. */

type Item = Record<string, AttributeValue>;

let db: DynamoDBClient;
/** pk S. */
let items: string;
/** pk S + sk N, partition 'p' holding sk 1..5 with v = 'v<sk>' and odd = sk is odd. */
let ranged: string;
let counter = 0;

useTestClient(async (opened) => {
  db = opened.db;
  items = await createTable(db, 'legacy', { hash: ['pk', 'S'] });
  ranged = await createTable(db, 'legacy-q', { hash: ['pk', 'S'], range: ['sk', 'N'] });
  for (let sk = 1; sk <= 5; sk++) {
    await db.send(
      new PutItemCommand({ TableName: ranged, Item: { pk: { S: 'p' }, sk: { N: String(sk) }, v: { S: `v${sk}` }, odd: { BOOL: sk % 2 === 1 } } }),
    );
  }
});

async function seed(attrs: Item = { a: { N: '1' }, s: { S: 'hello' } }): Promise<Item> {
  counter += 1;
  const key = { pk: { S: `legacy-${counter}` } };
  await db.send(new PutItemCommand({ TableName: items, Item: { ...key, ...attrs } }));
  return key;
}

const read = async (key: Item) => (await db.send(new GetItemCommand({ TableName: items, Key: key, ConsistentRead: true }))).Item;

const mixed = (legacy: string, expressions: string) =>
  `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy}} Expression parameters: {${expressions}}`;

describe('Expected', () => {
  it('guards PutItem: Value equality, then failure when it no longer holds', async () => {
    const key = await seed();
    await db.send(new PutItemCommand({ TableName: items, Item: { ...key, a: { N: '2' } }, Expected: { a: { Value: { N: '1' } } } }));
    expect((await read(key))?.a).toEqual({ N: '2' });
    const err = await errorOf(() =>
      db.send(new PutItemCommand({ TableName: items, Item: { ...key, a: { N: '3' } }, Expected: { a: { Value: { N: '1' } } } })),
    );
    expect(err.name).toBe('ConditionalCheckFailedException');
  });

  it('Exists:false makes PutItem create-only', async () => {
    const key = { pk: { S: `legacy-new-${++counter}` } };
    const put = () => db.send(new PutItemCommand({ TableName: items, Item: key, Expected: { pk: { Exists: false } } }));
    await put();
    expect((await errorOf(put)).name).toBe('ConditionalCheckFailedException');
  });

  it('guards DeleteItem with a ComparisonOperator', async () => {
    const key = await seed();
    const del = (n: string) =>
      db.send(new DeleteItemCommand({ TableName: items, Key: key, Expected: { a: { ComparisonOperator: 'GE', AttributeValueList: [{ N: n }] } } }));
    expect((await errorOf(() => del('2'))).name).toBe('ConditionalCheckFailedException');
    await del('1');
    expect(await read(key)).toBeUndefined();
  });

  it('joins entries with ConditionalOperator OR', async () => {
    const key = await seed();
    await db.send(
      new UpdateItemCommand({
        TableName: items,
        Key: key,
        AttributeUpdates: { z: { Action: 'PUT', Value: { N: '1' } } },
        Expected: { a: { Value: { N: '999' } }, s: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'hel' }] } },
        ConditionalOperator: 'OR',
      }),
    );
    expect((await read(key))?.z).toEqual({ N: '1' });
  });

  it('refuses bad Expected entries with DynamoDB messages', async () => {
    const key = await seed();
    const put = (Expected: Record<string, object>) => errorOf(() => db.send(new PutItemCommand({ TableName: items, Item: key, Expected })));
    expect((await put({ a: { Exists: false, Value: { N: '1' } } })).message).toBe(
      'One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a',
    );
    expect((await put({ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }, { N: '2' }] } })).message).toBe(
      'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator',
    );
    expect((await put({ a: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ N: '1' }] } })).message).toBe(
      'One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type',
    );
    const single = await errorOf(() =>
      db.send(new PutItemCommand({ TableName: items, Item: key, Expected: { a: { Value: { N: '1' } } }, ConditionalOperator: 'AND' })),
    );
    expect(single.message).toBe('ConditionalOperator can only be used when Filter or Expected has two or more elements');
  });

  it('cannot be mixed with ConditionExpression', async () => {
    const key = await seed();
    const err = await errorOf(() =>
      db.send(
        new PutItemCommand({ TableName: items, Item: key, Expected: { a: { Value: { N: '1' } } }, ConditionExpression: 'attribute_exists(pk)' }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(mixed('Expected', 'ConditionExpression'));
  });
});

describe('AttributeUpdates', () => {
  it('PUT, ADD and DELETE in one request, with UPDATED_NEW', async () => {
    const key = await seed({ a: { N: '1' }, s: { S: 'x' }, tags: { SS: ['red', 'green'] } });
    const res = await db.send(
      new UpdateItemCommand({
        TableName: items,
        Key: key,
        AttributeUpdates: {
          a: { Action: 'ADD', Value: { N: '2.5' } },
          s: { Action: 'DELETE' },
          tags: { Action: 'DELETE', Value: { SS: ['red'] } },
          t: { Action: 'PUT', Value: { S: 'new' } },
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(res.Attributes).toEqual({ a: { N: '3.5' }, tags: { SS: ['green'] }, t: { S: 'new' } });
    expect(await read(key)).toEqual({ ...key, a: { N: '3.5' }, tags: { SS: ['green'] }, t: { S: 'new' } });
  });

  it('UPDATED_OLD returns the previous values of the updated attributes', async () => {
    const key = await seed({ a: { N: '1' }, s: { S: 'x' }, other: { S: 'kept' } });
    const res = await db.send(
      new UpdateItemCommand({
        TableName: items,
        Key: key,
        AttributeUpdates: { a: { Action: 'PUT', Value: { N: '7' } }, s: { Action: 'DELETE' } },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    expect(res.Attributes).toEqual({ a: { N: '1' }, s: { S: 'x' } });
  });

  it('ADD on a missing item creates it', async () => {
    const key = { pk: { S: `legacy-add-${++counter}` } };
    await db.send(
      new UpdateItemCommand({
        TableName: items,
        Key: key,
        AttributeUpdates: { n: { Action: 'ADD', Value: { N: '5' } }, ns: { Action: 'ADD', Value: { NS: ['1', '2'] } } },
      }),
    );
    expect(await read(key)).toEqual({ ...key, n: { N: '5' }, ns: { NS: ['1', '2'] } });
  });

  it('refuses updating the key and type mismatches', async () => {
    const key = await seed();
    const update = (AttributeUpdates: Record<string, object>) =>
      errorOf(() => db.send(new UpdateItemCommand({ TableName: items, Key: key, AttributeUpdates })));
    expect((await update({ pk: { Action: 'PUT', Value: { S: 'other' } } })).message).toBe(
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
    );
    expect((await update({ s: { Action: 'ADD', Value: { N: '1' } } })).message).toBe('Type mismatch for attribute to update');
    expect((await update({ s: { Action: 'ADD', Value: { S: '1' } } })).message).toBe(
      'One or more parameter values were invalid: ADD action is not supported for the type S',
    );
  });

  it('cannot be mixed with expressions', async () => {
    const key = await seed();
    const err = await errorOf(() =>
      db.send(
        new UpdateItemCommand({
          TableName: items,
          Key: key,
          AttributeUpdates: { a: { Action: 'PUT', Value: { N: '1' } } },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
    expect(err.message).toBe(mixed('AttributeUpdates', 'ConditionExpression'));
  });
});

describe('AttributesToGet', () => {
  it('projects GetItem and BatchGetItem', async () => {
    const key = await seed({ a: { N: '1' }, s: { S: 'hello' }, x: { BOOL: true } });
    const got = await db.send(new GetItemCommand({ TableName: items, Key: key, AttributesToGet: ['a', 'missing'], ConsistentRead: true }));
    expect(got.Item).toEqual({ a: { N: '1' } });
    const batch = await db.send(
      new BatchGetItemCommand({ RequestItems: { [items]: { Keys: [key], AttributesToGet: ['s'], ConsistentRead: true } } }),
    );
    expect(batch.Responses?.[items]).toEqual([{ s: { S: 'hello' } }]);
  });

  it('refuses duplicates and ProjectionExpression alongside', async () => {
    const key = await seed();
    expect((await errorOf(() => db.send(new GetItemCommand({ TableName: items, Key: key, AttributesToGet: ['a', 'a'] })))).message).toBe(
      'One or more parameter values were invalid: Duplicate value in attribute name: a',
    );
    const err = await errorOf(() =>
      db.send(new GetItemCommand({ TableName: items, Key: key, AttributesToGet: ['a'], ProjectionExpression: 's' })),
    );
    expect(err.message).toBe(mixed('AttributesToGet', 'ProjectionExpression'));
  });
});

describe('Query with KeyConditions and QueryFilter', () => {
  const eqP = { pk: { ComparisonOperator: 'EQ' as const, AttributeValueList: [{ S: 'p' }] } };
  const sks = (found: Item[] | undefined) => (found ?? []).map((i) => i.sk?.N);

  it('bounds the range key', async () => {
    const between = await db.send(
      new QueryCommand({
        TableName: ranged,
        KeyConditions: { ...eqP, sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '2' }, { N: '4' }] } },
      }),
    );
    expect(sks(between.Items)).toEqual(['2', '3', '4']);
    const lt = await db.send(
      new QueryCommand({ TableName: ranged, KeyConditions: { ...eqP, sk: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '3' }] } }, ScanIndexForward: false }),
    );
    expect(sks(lt.Items)).toEqual(['2', '1']);
  });

  it('filters with QueryFilter and projects with AttributesToGet', async () => {
    const res = await db.send(
      new QueryCommand({
        TableName: ranged,
        KeyConditions: eqP,
        QueryFilter: { odd: { ComparisonOperator: 'EQ', AttributeValueList: [{ BOOL: true }] }, v: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'v3' }] } },
        AttributesToGet: ['sk'],
      }),
    );
    expect(res.Items).toEqual([{ sk: { N: '1' } }, { sk: { N: '5' } }]);
    expect(res.ScannedCount).toBe(5);
  });

  it('accepts KeyConditions together with a FilterExpression', async () => {
    const res = await db.send(
      new QueryCommand({ TableName: ranged, KeyConditions: eqP, FilterExpression: 'v = :v', ExpressionAttributeValues: { ':v': { S: 'v2' } } }),
    );
    expect(sks(res.Items)).toEqual(['2']);
  });

  it('refuses what a key lookup cannot do', async () => {
    const query = (KeyConditions: Record<string, Condition>, extra: Partial<QueryCommandInput> = {}) =>
      errorOf(() => db.send(new QueryCommand({ TableName: ranged, KeyConditions, ...extra })));
    expect((await query({ pk: { ComparisonOperator: 'NOT_NULL' } })).message).toBe('Attempted conditional constraint is not an indexable operation');
    expect((await query({ sk: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } })).message).toBe(
      'Query condition missed key schema element: pk',
    );
    expect((await query({ pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } })).message).toBe(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
    expect((await query(eqP, { QueryFilter: { sk: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '1' }] } } })).message).toBe(
      'QueryFilter can only contain non-primary key attributes: Primary key attribute: sk',
    );
    expect((await query(eqP, { ConditionalOperator: 'AND' })).message).toBe('ConditionalOperator cannot be used without Filter or Expected');
  });

  it('refuses KeyConditions with KeyConditionExpression', async () => {
    const err = await errorOf(() =>
      db.send(
        new QueryCommand({
          TableName: ranged,
          KeyConditions: eqP,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'p' } },
        }),
      ),
    );
    expect(err.message).toBe(mixed('KeyConditions', 'KeyConditionExpression'));
  });
});

describe('Scan with ScanFilter', () => {
  it('filters with AND by default and OR on request', async () => {
    const filter = {
      v: { ComparisonOperator: 'IN' as const, AttributeValueList: [{ S: 'v1' }, { S: 'v2' }] },
      sk: { ComparisonOperator: 'GE' as const, AttributeValueList: [{ N: '2' }] },
    };
    const and = await db.send(new ScanCommand({ TableName: ranged, ScanFilter: filter }));
    expect(and.Items?.map((i) => i.v?.S)).toEqual(['v2']);
    const or = await db.send(new ScanCommand({ TableName: ranged, ScanFilter: filter, ConditionalOperator: 'OR' }));
    expect(or.Count).toBe(5);
  });

  it('refuses a ScanFilter with a FilterExpression', async () => {
    const err = await errorOf(() =>
      db.send(
        new ScanCommand({
          TableName: ranged,
          ScanFilter: { v: { ComparisonOperator: 'NOT_NULL' } },
          FilterExpression: 'v = :v',
          ExpressionAttributeValues: { ':v': { S: 'v1' } },
        }),
      ),
    );
    expect(err.message).toBe(mixed('ScanFilter', 'FilterExpression'));
  });

  it('refuses a missing ComparisonOperator at the shape level', async () => {
    const err = await errorOf(() => db.send(new ScanCommand({ TableName: ranged, ScanFilter: { v: {} as never } })));
    expect(err.message).toBe(
      "1 validation error detected: Value null at 'scanFilter.v.member.comparisonOperator' failed to satisfy constraint: Member must not be null",
    );
  });
});
