import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

let db: DynamoDBClient;
let table: string;

useTestClient(async (opened) => {
  db = opened.db;
  table = await createTable(db, 'update-missing', { hash: ['pk', 'S'] });
});

const key = (name: string): Record<string, AttributeValue> => ({ pk: { S: name } });
const read = async (name: string) => (await db.send(new GetItemCommand({ TableName: table, Key: key(name), ConsistentRead: true }))).Item;

describe('UpdateItem on an item that does not exist', () => {
  it('creates the item for an empty update or a SET', async () => {
    await db.send(new UpdateItemCommand({ TableName: table, Key: key('empty') }));
    expect(await read('empty')).toEqual(key('empty'));
    await db.send(new UpdateItemCommand({ TableName: table, Key: key('legacy-empty'), AttributeUpdates: {} }));
    expect(await read('legacy-empty')).toEqual(key('legacy-empty'));
  });

  it('does not create the item when the update only removes attributes', async () => {
    await db.send(new UpdateItemCommand({ TableName: table, Key: key('remove'), UpdateExpression: 'REMOVE a' }));
    expect(await read('remove')).toBeUndefined();
    await db.send(new UpdateItemCommand({ TableName: table, Key: key('legacy-delete'), AttributeUpdates: { a: { Action: 'DELETE' } } }));
    expect(await read('legacy-delete')).toBeUndefined();
    await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key('delete-set'),
        UpdateExpression: 'DELETE s :v',
        ExpressionAttributeValues: { ':v': { SS: ['x'] } },
      }),
    );
    expect(await read('delete-set')).toBeUndefined();
  });

  it('returns no Attributes for ALL_NEW when a removes-only update leaves the item missing', async () => {
    const removed = await db.send(new UpdateItemCommand({ TableName: table, Key: key('all-new'), UpdateExpression: 'REMOVE b', ReturnValues: 'ALL_NEW' }));
    expect(removed.Attributes).toBeUndefined();
    expect(await read('all-new')).toBeUndefined();
    // An empty update does create it, and ALL_NEW then returns the key.
    const created = await db.send(new UpdateItemCommand({ TableName: table, Key: key('all-new'), AttributeUpdates: {}, ReturnValues: 'ALL_NEW' }));
    expect(created.Attributes).toEqual(key('all-new'));
  });

  it('quietly ignores REMOVE of a nested path, and creates nothing', async () => {
    await db.send(new UpdateItemCommand({ TableName: table, Key: key('nested'), UpdateExpression: 'REMOVE x.y' }));
    await db.send(new UpdateItemCommand({ TableName: table, Key: key('nested'), UpdateExpression: 'REMOVE x[0]' }));
    expect(await read('nested')).toBeUndefined();
  });

  it('still refuses SET of a nested path under a missing attribute', async () => {
    const err = await errorOf(() =>
      db.send(new UpdateItemCommand({ TableName: table, Key: key('set-nested'), UpdateExpression: 'SET c.c = :v', ExpressionAttributeValues: { ':v': { N: '7' } } })),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('The document path provided in the update expression is invalid for update');
  });
});

describe('UpdateItem that removes the last attributes of an existing item', () => {
  it('keeps the item with its key', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key('keep'), a: { S: 'x' } } }));
    await db.send(new UpdateItemCommand({ TableName: table, Key: key('keep'), UpdateExpression: 'REMOVE a' }));
    expect(await read('keep')).toEqual(key('keep'));
  });

  it('refuses REMOVE of a nested path under a missing attribute of an existing item', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key('bad-path'), a: { S: 'x' } } }));
    const err = await errorOf(() => db.send(new UpdateItemCommand({ TableName: table, Key: key('bad-path'), UpdateExpression: 'REMOVE c.c' })));
    expect(err.name).toBe('ValidationException');
  });
});
