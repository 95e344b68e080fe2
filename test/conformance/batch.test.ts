import { BatchGetItemCommand, BatchWriteItemCommand, GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

let db: DynamoDBClient;
let doc: DynamoDBDocumentClient;

useTestClient((opened) => {
  ({ db, doc } = opened);
});

const key = (i: number): Record<string, AttributeValue> => ({ pk: { S: `k${i}` } });
const item = (i: number): Record<string, AttributeValue> => ({ ...key(i), n: { N: String(i) }, s: { S: `value ${i}` } });
const byPk = (a: Record<string, AttributeValue>, b: Record<string, AttributeValue>) => a.pk!.S!.localeCompare(b.pk!.S!);

describe('BatchWriteItem', () => {
  it('writes 25 items in one call, all readable by BatchGetItem', async () => {
    const table = await createTable(db, 'batch-25', { hash: ['pk', 'S'] });
    const ids = Array.from({ length: 25 }, (_, i) => i);
    const written = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: ids.map((i) => ({ PutRequest: { Item: item(i) } })) } }));
    expect(written.UnprocessedItems ?? {}).toEqual({});

    const got = await db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: ids.map(key), ConsistentRead: true } } }));
    expect(got.UnprocessedKeys ?? {}).toEqual({});
    expect([...got.Responses![table]!].sort(byPk)).toEqual(ids.map(item).sort(byPk));
  });

  it('mixes puts and deletes across two tables', async () => {
    const a = await createTable(db, 'batch-a', { hash: ['pk', 'S'] });
    const b = await createTable(db, 'batch-b', { hash: ['pk', 'S'] });
    await db.send(new PutItemCommand({ TableName: a, Item: item(1) }));
    await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [a]: [{ DeleteRequest: { Key: key(1) } }, { PutRequest: { Item: item(2) } }],
          [b]: [{ PutRequest: { Item: item(3) } }],
        },
      }),
    );
    const read = async (table: string, i: number) => (await db.send(new GetItemCommand({ TableName: table, Key: key(i), ConsistentRead: true }))).Item;
    expect(await read(a, 1)).toBeUndefined();
    expect(await read(a, 2)).toEqual(item(2));
    expect(await read(b, 3)).toEqual(item(3));
  });

  it('rejects 26 requests with ValidationException', async () => {
    const table = await createTable(db, 'batch-26', { hash: ['pk', 'S'] });
    const err = await errorOf(() =>
      db.send(new BatchWriteItemCommand({ RequestItems: { [table]: Array.from({ length: 26 }, (_, i) => ({ PutRequest: { Item: item(i) } })) } })),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/Member must have length less than or equal to 25/);
    expect((await db.send(new GetItemCommand({ TableName: table, Key: key(0), ConsistentRead: true }))).Item).toBeUndefined();
  });

  it('rejects two requests for the same key', async () => {
    const table = await createTable(db, 'batch-dup', { hash: ['pk', 'S'] });
    const err = await errorOf(() =>
      db.send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: item(1) } }, { DeleteRequest: { Key: key(1) } }] } })),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Provided list of item keys contains duplicates');
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    const err = await errorOf(() => db.send(new BatchWriteItemCommand({ RequestItems: { 'batch-no-such-table': [{ PutRequest: { Item: item(1) } }] } })));
    expect(err.name).toBe('ResourceNotFoundException');
  });
});

describe('BatchGetItem', () => {
  it('reads 100 keys in one call and leaves out missing ones', async () => {
    const table = await createTable(db, 'batch-100', { hash: ['pk', 'S'] });
    for (let start = 0; start < 50; start += 25) {
      const requests = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: item(start + i) } }));
      await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
    }
    const keys = Array.from({ length: 100 }, (_, i) => key(i));
    const got = await db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
    expect(got.UnprocessedKeys ?? {}).toEqual({});
    expect(got.Responses![table]!.length).toBe(50);
    expect([...got.Responses![table]!].sort(byPk)).toEqual(Array.from({ length: 50 }, (_, i) => item(i)).sort(byPk));
  });

  it('rejects 101 keys with ValidationException', async () => {
    const table = await createTable(db, 'batch-101', { hash: ['pk', 'S'] });
    const keys = Array.from({ length: 101 }, (_, i) => key(i));
    const err = await errorOf(() => db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys } } })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/Member must have length less than or equal to 100|Too many items requested for the BatchGetItem call/);
  });

  it('applies ProjectionExpression', async () => {
    const table = await createTable(db, 'batch-proj', { hash: ['pk', 'S'] });
    await db.send(new PutItemCommand({ TableName: table, Item: item(7) }));
    const got = await db.send(
      new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [key(7)], ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 's' } } } }),
    );
    expect(got.Responses![table]).toEqual([{ s: { S: 'value 7' } }]);
  });

  it('rejects the same key twice', async () => {
    const table = await createTable(db, 'batch-dupget', { hash: ['pk', 'S'] });
    const err = await errorOf(() => db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [key(1), key(1)] } } })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Provided list of item keys contains duplicates');
  });
});

describe('DocumentClient batches', () => {
  it('writes and reads JavaScript objects', async () => {
    const table = await createTable(db, 'batch-doc', { hash: ['pk', 'S'] });
    const items = [
      { pk: 'a', list: [1, 2], map: { x: 'y' } },
      { pk: 'b', flag: false, nothing: null },
    ];
    await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } }));
    const got = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [{ pk: 'a' }, { pk: 'b' }], ConsistentRead: true } } }));
    const responses = got.Responses![table]! as { pk: string }[];
    expect(responses.sort((x, y) => x.pk.localeCompare(y.pk))).toEqual(items);
  });
});
