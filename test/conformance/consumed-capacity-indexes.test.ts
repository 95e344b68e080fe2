import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTable, eventually, useTestClient } from '../support/index.js';

/**
 * ReturnConsumedCapacity on a table with secondary indexes: TOTAL counts index writes and
 * reads in CapacityUnits, INDEXES breaks them down into Table, LocalSecondaryIndexes and
 * GlobalSecondaryIndexes (developer guide, "Provisioned throughput considerations" of GSIs
 * and LSIs).
 */

type Item = Record<string, AttributeValue>;

let db: DynamoDBClient;

useTestClient((opened) => {
  db = opened.db;
});

const S = (s: string): AttributeValue => ({ S: s });
const KB = 1024;

/** pk S + sk S; LSI `byLk` (pk, lk) INCLUDE note; GSI `byGk` (gk) KEYS_ONLY. */
function indexedTable(prefix: string): Promise<string> {
  return createTable(db, prefix, {
    hash: ['pk', 'S'],
    range: ['sk', 'S'],
    localIndexes: [{ name: 'byLk', range: ['lk', 'S'], projection: ['note'] }],
    globalIndexes: [{ name: 'byGk', hash: ['gk', 'S'], projection: 'KEYS_ONLY' }],
  });
}

/**
 * An item in both indexes, 2070 bytes (3 write units) because of `big`, which neither index
 * projects: its LSI entry (pk, sk, lk, note) is 15 bytes, its GSI entry (pk, sk, gk) 10.
 */
const inBoth = (sk: string, gk = 'g1'): Item => ({ pk: S('p'), sk: S(sk), lk: S(`l${sk}`), gk: S(gk), note: S('n'), big: S('x'.repeat(2 * KB)) });
const key = (sk: string): Item => ({ pk: S('p'), sk: S(sk) });

describe('writes on a table with a GSI and an LSI', () => {
  let table: string;
  beforeAll(async () => {
    table = await indexedTable('cci-write');
  });

  it('PutItem of an item in both indexes charges each index for its projected entry', async () => {
    const out = await db.send(new PutItemCommand({ TableName: table, Item: inBoth('a'), ReturnConsumedCapacity: 'INDEXES' }));
    expect(out.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 5,
      Table: { CapacityUnits: 3 },
      LocalSecondaryIndexes: { byLk: { CapacityUnits: 1 } },
      GlobalSecondaryIndexes: { byGk: { CapacityUnits: 1 } },
    });
  });

  it('TOTAL reports the same total without the breakdown', async () => {
    const out = await db.send(new PutItemCommand({ TableName: table, Item: inBoth('b'), ReturnConsumedCapacity: 'TOTAL' }));
    expect(out.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 5 });
  });

  it('rewriting an item without changing its index entries charges the table only', async () => {
    const out = await db.send(new PutItemCommand({ TableName: table, Item: inBoth('a'), ReturnConsumedCapacity: 'INDEXES' }));
    expect(out.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 3, Table: { CapacityUnits: 3 } });
  });

  it('an item in no index costs the indexes nothing', async () => {
    const out = await db.send(new PutItemCommand({ TableName: table, Item: { ...key('z'), other: S('o') }, ReturnConsumedCapacity: 'INDEXES' }));
    expect(out.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
  });

  it('UpdateItem moving the GSI key charges the GSI a delete plus a put, and the LSI nothing', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: inBoth('u') }));
    const out = await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key('u'),
        UpdateExpression: 'SET gk = :g',
        ExpressionAttributeValues: { ':g': S('g2') },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    // The table is charged by the written attributes (the old item is not read for it).
    expect(out.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 3,
      Table: { CapacityUnits: 1 },
      GlobalSecondaryIndexes: { byGk: { CapacityUnits: 2 } },
    });
    const total = await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key('u'),
        UpdateExpression: 'SET gk = :g',
        ExpressionAttributeValues: { ':g': S('g3') },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(total.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 3 });
  });

  it('UpdateItem that reads the item (ReturnValues) charges the table the larger item and the indexes alike', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: inBoth('r') }));
    const out = await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key('r'),
        UpdateExpression: 'SET gk = :g',
        ExpressionAttributeValues: { ':g': S('g2') },
        ReturnValues: 'ALL_NEW',
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(out.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 5,
      Table: { CapacityUnits: 3 },
      GlobalSecondaryIndexes: { byGk: { CapacityUnits: 2 } },
    });
  });

  it('UpdateItem removing the LSI key deletes the LSI entry; changing an unprojected attribute touches no index', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: inBoth('m') }));
    const removed = await db.send(
      new UpdateItemCommand({ TableName: table, Key: key('m'), UpdateExpression: 'REMOVE lk', ReturnConsumedCapacity: 'INDEXES' }),
    );
    expect(removed.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 2,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { byLk: { CapacityUnits: 1 } },
    });
    const unprojected = await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key('m'),
        UpdateExpression: 'SET misc = :o',
        ExpressionAttributeValues: { ':o': S('o') },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(unprojected.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
    const projected = await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key('m'),
        UpdateExpression: 'SET lk = :l, note = :n',
        ExpressionAttributeValues: { ':l': S('lm'), ':n': S('changed') },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(projected.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 2,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { byLk: { CapacityUnits: 1 } },
    });
  });

  it('DeleteItem charges each index the item was in', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: inBoth('d') }));
    const out = await db.send(new DeleteItemCommand({ TableName: table, Key: key('d'), ReturnConsumedCapacity: 'INDEXES' }));
    expect(out.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 3,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { byLk: { CapacityUnits: 1 } },
      GlobalSecondaryIndexes: { byGk: { CapacityUnits: 1 } },
    });
    const again = await db.send(new DeleteItemCommand({ TableName: table, Key: key('d'), ReturnConsumedCapacity: 'TOTAL' }));
    expect(again.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1 });
  });

  it('BatchWriteItem sums table and index units per table', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key('bg'), gk: S('g9') } }));
    const out = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [
            { PutRequest: { Item: inBoth('b1') } }, // table 3, LSI 1, GSI 1
            { PutRequest: { Item: { ...key('b2'), other: S('o') } } }, // table 1
            { DeleteRequest: { Key: key('bg') } }, // table 1, GSI 1
          ],
        },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(out.ConsumedCapacity).toEqual([
      {
        TableName: table,
        CapacityUnits: 8,
        Table: { CapacityUnits: 5 },
        LocalSecondaryIndexes: { byLk: { CapacityUnits: 1 } },
        GlobalSecondaryIndexes: { byGk: { CapacityUnits: 2 } },
      },
    ]);
  });
});

describe('reads on a table with a GSI and an LSI', () => {
  let table: string;
  beforeAll(async () => {
    table = await indexedTable('cci-read');
    for (const sk of ['a', 'b']) await db.send(new PutItemCommand({ TableName: table, Item: inBoth(sk) }));
    // A GSI is eventually consistent, as in DynamoDB: its entries arrive from the outbox
    // shortly after the writes are acknowledged.
    await eventually(async () => {
      const gsi = await db.send(new ScanCommand({ TableName: table, IndexName: 'byGk' }));
      expect(gsi.Count).toBe(2);
    });
  });

  const queryLsi = (extra: Partial<QueryCommandInput>) =>
    db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byLk',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': S('p') },
        ReturnConsumedCapacity: 'INDEXES',
        ...extra,
      }),
    );

  it('Query on the GSI charges the GSI by its entries, not the table', async () => {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byGk',
        KeyConditionExpression: 'gk = :g',
        ExpressionAttributeValues: { ':g': S('g1') },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(out.Count).toBe(2);
    expect(out.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { byGk: { CapacityUnits: 0.5 } },
    });
  });

  it('Query on the LSI of projected attributes charges the LSI only', async () => {
    const out = await queryLsi({ ConsistentRead: true });
    expect(out.Count).toBe(2);
    expect(out.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 1,
      Table: { CapacityUnits: 0 },
      LocalSecondaryIndexes: { byLk: { CapacityUnits: 1 } },
    });
    const named = await queryLsi({ ConsistentRead: true, ProjectionExpression: 'note, lk' });
    expect(named.ConsumedCapacity).toEqual(out.ConsumedCapacity);
  });

  it('Query on the LSI fetching unprojected attributes also charges the table for each whole item', async () => {
    const expected = {
      TableName: table,
      CapacityUnits: 3,
      Table: { CapacityUnits: 2 },
      LocalSecondaryIndexes: { byLk: { CapacityUnits: 1 } },
    };
    expect((await queryLsi({ ConsistentRead: true, Select: 'ALL_ATTRIBUTES' })).ConsumedCapacity).toEqual(expected);
    expect((await queryLsi({ ConsistentRead: true, ProjectionExpression: 'big' })).ConsumedCapacity).toEqual(expected);
    const eventual = await queryLsi({ Select: 'ALL_ATTRIBUTES' });
    expect(eventual.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 1.5,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { byLk: { CapacityUnits: 0.5 } },
    });
    const total = await queryLsi({ ConsistentRead: true, Select: 'ALL_ATTRIBUTES', ReturnConsumedCapacity: 'TOTAL' });
    expect(total.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 3 });
  });

  it('Scan on each index charges that index', async () => {
    const gsi = await db.send(new ScanCommand({ TableName: table, IndexName: 'byGk', ReturnConsumedCapacity: 'INDEXES' }));
    expect(gsi.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { byGk: { CapacityUnits: 0.5 } },
    });
    const lsi = await db.send(new ScanCommand({ TableName: table, IndexName: 'byLk', ConsistentRead: true, ReturnConsumedCapacity: 'INDEXES' }));
    expect(lsi.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 1,
      Table: { CapacityUnits: 0 },
      LocalSecondaryIndexes: { byLk: { CapacityUnits: 1 } },
    });
    const lsiAll = await db.send(
      new ScanCommand({ TableName: table, IndexName: 'byLk', ConsistentRead: true, Select: 'ALL_ATTRIBUTES', ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(lsiAll.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 3 });
  });

  it('reads of the table itself charge the table only', async () => {
    const query = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': S('p') },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    // Two items of 2070 bytes: 4140 bytes, two read units.
    expect(query.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 2, Table: { CapacityUnits: 2 } });
    const get = await db.send(new GetItemCommand({ TableName: table, Key: key('a'), ReturnConsumedCapacity: 'INDEXES' }));
    expect(get.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 0.5, Table: { CapacityUnits: 0.5 } });
  });
});
