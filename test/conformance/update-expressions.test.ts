import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient, type ReturnValue } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

let db: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let table: string;
let counter = 0;

useTestClient(async (opened) => {
  ({ db, doc } = opened);
  table = await createTable(db, 'update', { hash: ['pk', 'S'] });
});

/** Writes a fresh item and returns its key. */
async function seed(attrs: Record<string, AttributeValue>): Promise<Record<string, AttributeValue>> {
  counter += 1;
  const key = { pk: { S: `item-${counter}` } };
  await db.send(new PutItemCommand({ TableName: table, Item: { ...key, ...attrs } }));
  return key;
}

async function update(
  key: Record<string, AttributeValue>,
  expression: string,
  values?: Record<string, AttributeValue>,
  returnValues?: ReturnValue,
) {
  return db.send(
    new UpdateItemCommand({
      TableName: table,
      Key: key,
      UpdateExpression: expression,
      ExpressionAttributeValues: values,
      ReturnValues: returnValues,
    }),
  );
}

const read = async (key: Record<string, AttributeValue>) =>
  (await db.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

describe('SET', () => {
  it('adds a new attribute and overwrites an existing one', async () => {
    const key = await seed({ a: { S: 'old' } });
    await update(key, 'SET a = :a, b = :b', { ':a': { S: 'new' }, ':b': { N: '2' } });
    expect(await read(key)).toEqual({ ...key, a: { S: 'new' }, b: { N: '2' } });
  });

  it('computes with + and -', async () => {
    const key = await seed({ n: { N: '10' } });
    await update(key, 'SET n = n + :five, m = n - :one', { ':five': { N: '5' }, ':one': { N: '1' } });
    expect(await read(key)).toEqual({ ...key, n: { N: '15' }, m: { N: '9' } });
  });

  it('uses if_not_exists and list_append', async () => {
    const key = await seed({ l: { L: [{ S: 'a' }] } });
    await update(key, 'SET l = list_append(l, :more), c = if_not_exists(c, :zero), l2 = if_not_exists(l, :zero)', {
      ':more': { L: [{ S: 'b' }] },
      ':zero': { N: '0' },
    });
    expect(await read(key)).toEqual({ ...key, l: { L: [{ S: 'a' }, { S: 'b' }] }, c: { N: '0' }, l2: { L: [{ S: 'a' }] } });
  });

  it('creates the item when it does not exist', async () => {
    const key = { pk: { S: 'upserted' } };
    await update(key, 'SET a = :a', { ':a': { S: 'created' } });
    expect(await read(key)).toEqual({ ...key, a: { S: 'created' } });
  });

  it('sets a nested map member', async () => {
    const key = await seed({ m: { M: { x: { N: '1' } } } });
    await update(key, 'SET m.y = :y', { ':y': { S: 'why' } });
    expect(await read(key)).toEqual({ ...key, m: { M: { x: { N: '1' }, y: { S: 'why' } } } });
  });

  it('works with ExpressionAttributeNames for reserved words', async () => {
    const key = await seed({});
    await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET #name = :v',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':v': { S: 'reserved is fine' } },
      }),
    );
    expect((await read(key))?.name).toEqual({ S: 'reserved is fine' });
  });

  it('refuses arithmetic on a missing attribute', async () => {
    const key = await seed({});
    const err = await errorOf(() => update(key, 'SET n = n + :one', { ':one': { N: '1' } }));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('The provided expression refers to an attribute that does not exist in the item');
  });
});

describe('REMOVE', () => {
  it('removes attributes and ignores missing ones', async () => {
    const key = await seed({ a: { S: 'a' }, b: { S: 'b' } });
    await update(key, 'REMOVE a, nothere');
    expect(await read(key)).toEqual({ ...key, b: { S: 'b' } });
  });
});

describe('ADD', () => {
  it('adds to a number and creates a missing one from zero', async () => {
    const key = await seed({ n: { N: '1' } });
    await update(key, 'ADD n :two, fresh :two', { ':two': { N: '2' } });
    expect(await read(key)).toEqual({ ...key, n: { N: '3' }, fresh: { N: '2' } });
  });

  it('adds members to a set', async () => {
    const key = await seed({ s: { SS: ['a'] } });
    await update(key, 'ADD s :more, t :more', { ':more': { SS: ['a', 'b'] } });
    const item = await read(key);
    expect([...item!.s!.SS!].sort()).toEqual(['a', 'b']);
    expect([...item!.t!.SS!].sort()).toEqual(['a', 'b']);
  });
});

describe('DELETE', () => {
  it('removes members from a set, and the attribute with the last one', async () => {
    const key = await seed({ s: { SS: ['a', 'b', 'c'] }, t: { NS: ['1'] } });
    await update(key, 'DELETE s :ab, t :one', { ':ab': { SS: ['a', 'b', 'z'] }, ':one': { NS: ['1'] } });
    expect(await read(key)).toEqual({ ...key, s: { SS: ['c'] } });
  });
});

describe('ReturnValues', () => {
  const before = { a: { S: 'a0' }, b: { S: 'b0' }, c: { S: 'c0' } };
  const change = (key: Record<string, AttributeValue>, rv: ReturnValue) =>
    update(key, 'SET a = :a REMOVE b', { ':a': { S: 'a1' } }, rv);

  it('NONE returns no attributes', async () => {
    const key = await seed(before);
    expect((await change(key, 'NONE')).Attributes).toBeUndefined();
  });

  it('ALL_OLD returns the whole item before the update', async () => {
    const key = await seed(before);
    expect((await change(key, 'ALL_OLD')).Attributes).toEqual({ ...key, ...before });
  });

  it('UPDATED_OLD returns the old values of the changed attributes', async () => {
    const key = await seed(before);
    expect((await change(key, 'UPDATED_OLD')).Attributes).toEqual({ a: { S: 'a0' }, b: { S: 'b0' } });
  });

  it('ALL_NEW returns the whole item after the update', async () => {
    const key = await seed(before);
    expect((await change(key, 'ALL_NEW')).Attributes).toEqual({ ...key, a: { S: 'a1' }, c: { S: 'c0' } });
  });

  it('UPDATED_NEW returns the new values of the changed attributes', async () => {
    const key = await seed(before);
    expect((await change(key, 'UPDATED_NEW')).Attributes).toEqual({ a: { S: 'a1' } });
  });

  it('ALL_OLD on a new item returns nothing', async () => {
    const key = { pk: { S: 'rv-new' } };
    expect((await update(key, 'SET a = :a', { ':a': { S: 'x' } }, 'ALL_OLD')).Attributes).toBeUndefined();
  });
});

describe('DocumentClient', () => {
  it('updates with plain JavaScript values', async () => {
    const key = await seed({ n: { N: '1' } });
    const result = await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: key.pk!.S },
        UpdateExpression: 'SET n = n + :inc, tags = :tags',
        ExpressionAttributeValues: { ':inc': 41, ':tags': new Set(['x']) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(result.Attributes).toEqual({ pk: key.pk!.S, n: 42, tags: new Set(['x']) });
  });
});
