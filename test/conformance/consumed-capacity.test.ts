import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, useTestClient } from '../support/index.js';

let db: DynamoDBClient;

useTestClient((opened) => {
  db = opened.db;
});

const KB = 1024;
const key = (i: number): Record<string, AttributeValue> => ({ pk: { S: `k${i}` } });

describe('ReturnConsumedCapacity on single-item writes', () => {
  it('charges PutItem for the larger of the old and new item when the old item is read', async () => {
    const table = await createTable(db, 'cc-put', { hash: ['pk', 'S'] });
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key(1), big: { S: 'a'.repeat(2 * KB) } } }));
    const out = await db.send(
      new PutItemCommand({ TableName: table, Item: { ...key(1), big: { S: 'a' } }, ReturnValues: 'ALL_OLD', ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(out.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 3 });
  });

  it('charges UpdateItem for the larger of the item before and after the update', async () => {
    const table = await createTable(db, 'cc-update', { hash: ['pk', 'S'] });
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key(1), big: { S: 'a'.repeat(2 * KB) } } }));
    const out = await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key(1),
        UpdateExpression: 'SET big = :v',
        ExpressionAttributeValues: { ':v': { S: 'a' } },
        ReturnValues: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(out.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 3 });
  });
});

describe('ReturnConsumedCapacity on batch operations', () => {
  it('BatchGetItem returns one entry per table, each key charged on its own', async () => {
    const a = await createTable(db, 'cc-bget-a', { hash: ['pk', 'S'] });
    const b = await createTable(db, 'cc-bget-b', { hash: ['pk', 'S'] });
    for (const i of [1, 2, 3]) await db.send(new PutItemCommand({ TableName: a, Item: key(i) }));
    const out = await db.send(
      new BatchGetItemCommand({
        RequestItems: { [a]: { Keys: [key(1), key(2), key(3)], ConsistentRead: false }, [b]: { Keys: [key(1), key(2)], ConsistentRead: true } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    const byTable = Object.fromEntries((out.ConsumedCapacity ?? []).map((c) => [c.TableName, c.CapacityUnits]));
    expect(byTable).toEqual({ [a]: 1.5, [b]: 2 });
  });

  it('BatchWriteItem charges puts by size and deletes one unit, per table', async () => {
    const a = await createTable(db, 'cc-bwrite-a', { hash: ['pk', 'S'] });
    const b = await createTable(db, 'cc-bwrite-b', { hash: ['pk', 'S'] });
    const out = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [a]: [{ PutRequest: { Item: key(1) } }, { PutRequest: { Item: { ...key(2), big: { S: 'a'.repeat(KB) } } } }],
          [b]: [{ PutRequest: { Item: key(1) } }, { DeleteRequest: { Key: key(2) } }],
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    const byTable = Object.fromEntries((out.ConsumedCapacity ?? []).map((c) => [c.TableName, c.CapacityUnits]));
    expect(byTable).toEqual({ [a]: 3, [b]: 2 });
  });

  it('BatchWriteItem leaves ConsumedCapacity out when it was not asked for', async () => {
    const a = await createTable(db, 'cc-bwrite-none', { hash: ['pk', 'S'] });
    const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [a]: [{ PutRequest: { Item: key(1) } }] } }));
    expect(out.ConsumedCapacity).toBeUndefined();
  });
});
