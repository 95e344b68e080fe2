import { DeleteItemCommand, GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

let db: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let table: string;

useTestClient(async (opened) => {
  ({ db, doc } = opened);
  table = await createTable(db, 'items', { hash: ['pk', 'S'] });
});

const get = async (pk: string, extra: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {}) =>
  (await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true, ...extra }))).Item;

/** Sets come back in no particular order; sort them so items compare by content. */
function normalizeSets(value: AttributeValue): unknown {
  if (value.SS) return { SS: [...value.SS].sort() };
  if (value.NS) return { NS: [...value.NS].sort() };
  if (value.BS) return { BS: value.BS.map((b) => Buffer.from(b).toString('hex')).sort() };
  if (value.B) return { B: Buffer.from(value.B).toString('hex') };
  if (value.L) return { L: value.L.map(normalizeSets) };
  if (value.M) return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, normalizeSets(v)])) };
  return value;
}
const normalize = (item: Record<string, AttributeValue> | undefined) =>
  item && Object.fromEntries(Object.entries(item).map(([k, v]) => [k, normalizeSets(v)]));

describe('PutItem and GetItem', () => {
  it('round-trips every attribute type', async () => {
    const item: Record<string, AttributeValue> = {
      pk: { S: 'all-types' },
      s: { S: 'héllo wörld 😀' },
      n: { N: '-12.5' },
      b: { B: new Uint8Array([0, 1, 254, 255]) },
      t: { BOOL: true },
      f: { BOOL: false },
      nul: { NULL: true },
      ss: { SS: ['b', 'a', 'c'] },
      ns: { NS: ['3', '-1', '2.5'] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
      l: { L: [{ S: 'x' }, { N: '1' }, { L: [{ BOOL: false }] }, { M: { k: { NULL: true } } }] },
      m: { M: { inner: { M: { deep: { S: 'yes' } } }, list: { L: [] }, empty: { M: {} }, es: { S: '' } } },
      emptyString: { S: '' },
      emptyBinary: { B: new Uint8Array([]) },
    };
    await db.send(new PutItemCommand({ TableName: table, Item: item }));
    expect(normalize(await get('all-types'))).toEqual(normalize(item));
  });

  it('round-trips JavaScript values through the DocumentClient', async () => {
    const item = {
      pk: 'doc',
      name: 'Ada',
      age: 36,
      ratio: 0.25,
      active: true,
      nothing: null,
      tags: new Set(['x', 'y']),
      scores: new Set([1, 2, 3]),
      nested: { list: [1, 'two', { three: 3 }], map: { a: { b: 'c' } } },
    };
    await doc.send(new PutCommand({ TableName: table, Item: item }));
    const got = (await doc.send(new GetCommand({ TableName: table, Key: { pk: 'doc' }, ConsistentRead: true }))).Item;
    expect(got).toEqual(item);
  });

  it('returns no Item for a missing key', async () => {
    expect(await get('never-written')).toBeUndefined();
  });

  it('replaces the whole item on a second put', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'replace' }, a: { S: '1' }, b: { S: '2' } } }));
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'replace' }, c: { S: '3' } } }));
    expect(await get('replace')).toEqual({ pk: { S: 'replace' }, c: { S: '3' } });
  });

  it('projects top-level and nested attributes with ProjectionExpression', async () => {
    await db.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: 'proj' }, a: { S: 'A' }, b: { S: 'B' }, m: { M: { x: { N: '1' }, y: { N: '2' } } }, l: { L: [{ S: 'l0' }, { S: 'l1' }] } },
      }),
    );
    expect(await get('proj', { ProjectionExpression: 'a, m.x, l[1]' })).toEqual({
      a: { S: 'A' },
      m: { M: { x: { N: '1' } } },
      l: { L: [{ S: 'l1' }] },
    });
    expect(await get('proj', { ProjectionExpression: '#k, #b', ExpressionAttributeNames: { '#k': 'pk', '#b': 'b' } })).toEqual({
      pk: { S: 'proj' },
      b: { S: 'B' },
    });
    expect(await get('proj', { ProjectionExpression: 'nosuchattr' })).toEqual({});
  });

  it('reads with ConsistentRead true and false', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'consistent' }, v: { N: '1' } } }));
    for (const ConsistentRead of [true, false]) {
      const got = await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'consistent' } }, ConsistentRead }));
      expect(got.Item).toEqual({ pk: { S: 'consistent' }, v: { N: '1' } });
    }
  });

  it('returns the old item from PutItem with ReturnValues ALL_OLD and nothing with NONE', async () => {
    const first = await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'rv-put' }, v: { N: '1' } }, ReturnValues: 'ALL_OLD' }));
    expect(first.Attributes).toBeUndefined();
    const second = await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'rv-put' }, v: { N: '2' } }, ReturnValues: 'ALL_OLD' }));
    expect(second.Attributes).toEqual({ pk: { S: 'rv-put' }, v: { N: '1' } });
    const third = await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'rv-put' }, v: { N: '3' } }, ReturnValues: 'NONE' }));
    expect(third.Attributes).toBeUndefined();
  });

  it('rejects ReturnValues other than NONE and ALL_OLD on PutItem', async () => {
    const err = await errorOf(() => db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'x' } }, ReturnValues: 'ALL_NEW' })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('ReturnValues can only be ALL_OLD or NONE');
  });
});

describe('DeleteItem', () => {
  it('deletes an item and returns it with ALL_OLD', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'del' }, v: { S: 'gone soon' } } }));
    const deleted = await db.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'del' } }, ReturnValues: 'ALL_OLD' }));
    expect(deleted.Attributes).toEqual({ pk: { S: 'del' }, v: { S: 'gone soon' } });
    expect(await get('del')).toBeUndefined();
  });

  it('succeeds on a missing item and returns no attributes', async () => {
    const deleted = await db.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'never-there' } }, ReturnValues: 'ALL_OLD' }));
    expect(deleted.Attributes).toBeUndefined();
  });

  it('lets a deleted key be written again', async () => {
    await doc.send(new PutCommand({ TableName: table, Item: { pk: 'again', v: 1 } }));
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: 'again' } }));
    await doc.send(new PutCommand({ TableName: table, Item: { pk: 'again', w: 2 } }));
    expect((await doc.send(new GetCommand({ TableName: table, Key: { pk: 'again' }, ConsistentRead: true }))).Item).toEqual({ pk: 'again', w: 2 });
  });
});

describe('item size limit', () => {
  // DynamoDB counts the UTF-8 bytes of attribute names plus values against 400 KB.
  const limit = 400 * 1024;
  const overhead = 'pk'.length + 'big-1'.length + 'data'.length;

  it('accepts an item just under 400 KB', async () => {
    const item = { pk: { S: 'big-1' }, data: { S: 'x'.repeat(limit - overhead - 16) } };
    await db.send(new PutItemCommand({ TableName: table, Item: item }));
    expect((await get('big-1'))?.data?.S?.length).toBe(limit - overhead - 16);
  });

  it('rejects an item just over 400 KB', async () => {
    const item = { pk: { S: 'big-1' }, data: { S: 'x'.repeat(limit - overhead + 1) } };
    const err = await errorOf(() => db.send(new PutItemCommand({ TableName: table, Item: { ...item, pk: { S: 'big-2' } } })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Item size has exceeded the maximum allowed size');
    expect(await get('big-2')).toBeUndefined();
  });
});
