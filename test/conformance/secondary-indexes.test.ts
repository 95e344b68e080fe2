import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, eventually, uniqueTableName, useTestClient } from '../support/index.js';

type Item = Record<string, AttributeValue>;

let db: DynamoDBClient;
/** pk S + sk N; LSI `byScore` (pk, score N, INCLUDE note); GSI `byCity` (city S, score N, ALL); GSI `keysOnly` (city, KEYS_ONLY). */
let table: string;

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: number): AttributeValue => ({ N: String(n) });

// Partition 'p' holds sk 1..8; score and city vary. Items 7 and 8 lack the GSI keys.
const items: Item[] = [
  { pk: S('p'), sk: N(1), score: N(50), city: S('oslo'), note: S('n1'), extra: S('x1') },
  { pk: S('p'), sk: N(2), score: N(10), city: S('oslo'), note: S('n2'), extra: S('x2') },
  { pk: S('p'), sk: N(3), score: N(30), city: S('rome'), note: S('n3'), extra: S('x3') },
  { pk: S('p'), sk: N(4), score: N(20), city: S('oslo'), note: S('n4'), extra: S('x4') },
  { pk: S('p'), sk: N(5), score: N(40), city: S('rome'), note: S('n5'), extra: S('x5') },
  { pk: S('q'), sk: N(6), score: N(60), city: S('oslo'), note: S('n6'), extra: S('x6') },
  { pk: S('p'), sk: N(7), score: N(70), note: S('n7') },
  { pk: S('p'), sk: N(8), extra: S('x8') },
];

const query = (input: Omit<QueryCommandInput, 'TableName'>) => db.send(new QueryCommand({ TableName: table, ...input }));
const scan = (input: Omit<ScanCommandInput, 'TableName'>) => db.send(new ScanCommand({ TableName: table, ...input }));
const sks = (list: Item[] | undefined) => (list ?? []).map((i) => Number(i.sk!.N));

async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await query({ ...input, ExclusiveStartKey: start });
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

async function scanAll(input: Omit<ScanCommandInput, 'TableName'>): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await scan({ ...input, ExclusiveStartKey: start });
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

async function indexStatus(name: string, index: string): Promise<string | undefined> {
  const { Table } = await db.send(new DescribeTableCommand({ TableName: name }));
  return Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === index)?.IndexStatus;
}

useTestClient(async (opened) => {
  db = opened.db;
  table = await createTable(db, 'si', {
    hash: ['pk', 'S'],
    range: ['sk', 'N'],
    localIndexes: [{ name: 'byScore', range: ['score', 'N'], projection: ['note'] }],
    globalIndexes: [
      { name: 'byCity', hash: ['city', 'S'], range: ['score', 'N'], projection: 'ALL' },
      { name: 'keysOnly', hash: ['city', 'S'], projection: 'KEYS_ONLY' },
    ],
  });
  for (const Item of items) await db.send(new PutItemCommand({ TableName: table, Item }));
  await eventually(async () => expect(await scanAll({ IndexName: 'byCity' })).toHaveLength(6));
});

describe('CreateTable and DescribeTable', () => {
  it('describes both kinds of index as DynamoDB does', async () => {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: table }));
    const lsi = Table!.LocalSecondaryIndexes!;
    expect(lsi).toHaveLength(1);
    expect(lsi[0]).toMatchObject({
      IndexName: 'byScore',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'score', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] },
      IndexSizeBytes: expect.any(Number),
      ItemCount: expect.any(Number),
    });
    expect(lsi[0]!.IndexArn).toMatch(new RegExp(`:table/${table}/index/byScore$`));
    expect('IndexStatus' in lsi[0]!).toBe(false);
    const gsi = Table!.GlobalSecondaryIndexes!;
    expect(gsi.map((g) => g.IndexName)).toEqual(['byCity', 'keysOnly']);
    expect(gsi[0]).toMatchObject({
      IndexStatus: 'ACTIVE',
      Projection: { ProjectionType: 'ALL' },
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    });
    expect(gsi[0]!.Backfilling).toBeUndefined();
  });

  it('refuses a GSI key attribute missing from AttributeDefinitions', async () => {
    const err = await errorOf(() =>
      db.send(
        new CreateTableCommand({
          TableName: uniqueTableName('si-bad'),
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          GlobalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'c', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [c], AttributeDefinitions: [pk]',
    );
  });
});

describe('Query on a GSI', () => {
  it('returns the items of one index partition in index range order, both ways', async () => {
    const forward = await query({ IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('oslo') } });
    expect(sks(forward.Items)).toEqual([2, 4, 1, 6]);
    expect(forward.Items![0]).toEqual(items[1]);
    const backward = await query({
      IndexName: 'byCity',
      KeyConditionExpression: 'city = :c',
      ExpressionAttributeValues: { ':c': S('oslo') },
      ScanIndexForward: false,
    });
    expect(sks(backward.Items)).toEqual([6, 1, 4, 2]);
  });

  it('applies range conditions on the index range key', async () => {
    const between = await query({
      IndexName: 'byCity',
      KeyConditionExpression: 'city = :c AND score BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':c': S('oslo'), ':a': N(20), ':b': N(50) },
    });
    expect(sks(between.Items)).toEqual([4, 1]);
    const greater = await query({
      IndexName: 'byCity',
      KeyConditionExpression: 'city = :c AND score > :a',
      ExpressionAttributeValues: { ':c': S('oslo'), ':a': N(20) },
    });
    expect(sks(greater.Items)).toEqual([1, 6]);
  });

  it('pages with Limit, LastEvaluatedKey carrying the table and index keys', async () => {
    const first = await query({ IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('oslo') }, Limit: 2 });
    expect(sks(first.Items)).toEqual([2, 4]);
    expect(first.LastEvaluatedKey).toEqual({ pk: S('p'), sk: N(4), city: S('oslo'), score: N(20) });
    const all = await queryAll({ IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('oslo') }, Limit: 1 });
    expect(sks(all)).toEqual([2, 4, 1, 6]);
  });

  it('counts with Select COUNT', async () => {
    const res = await query({ IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('rome') }, Select: 'COUNT' });
    expect(res.Count).toBe(2);
    expect(res.Items).toBeUndefined();
  });

  it('returns only keys from a KEYS_ONLY index', async () => {
    const res = await query({ IndexName: 'keysOnly', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('rome') } });
    expect(res.Items!.sort((a, b) => Number(a.sk!.N) - Number(b.sk!.N))).toEqual([
      { pk: S('p'), sk: N(3), city: S('rome') },
      { pk: S('p'), sk: N(5), city: S('rome') },
    ]);
  });

  it('refuses ConsistentRead on a GSI', async () => {
    const err = await errorOf(() =>
      query({ IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('oslo') }, ConsistentRead: true }),
    );
    expect(err.message).toBe('Consistent reads are not supported on global secondary indexes');
  });

  it('refuses Select ALL_ATTRIBUTES on a GSI that does not project everything', async () => {
    const err = await errorOf(() =>
      query({ IndexName: 'keysOnly', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('oslo') }, Select: 'ALL_ATTRIBUTES' }),
    );
    expect(err.message).toBe(
      'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index keysOnly because its projection type is not ALL',
    );
  });

  it('refuses an unknown index', async () => {
    const err = await errorOf(() => query({ IndexName: 'nope', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('oslo') } }));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('The table does not have the specified index: nope');
  });

  it('refuses a key condition on the table key instead of the index key', async () => {
    const err = await errorOf(() => query({ IndexName: 'byCity', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p') } }));
    expect(err.message).toBe('Query condition missed key schema element: city');
  });

  it('refuses an ExclusiveStartKey without the index key', async () => {
    const err = await errorOf(() =>
      query({ IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S('oslo') }, ExclusiveStartKey: { pk: S('p'), sk: N(1) } }),
    );
    expect(err.message).toBe('The provided starting key is invalid');
  });
});

describe('Query on an LSI', () => {
  it('orders the partition by the index range key, with begins_with-free range conditions and both directions', async () => {
    const res = await query({ IndexName: 'byScore', KeyConditionExpression: 'pk = :p AND score < :s', ExpressionAttributeValues: { ':p': S('p'), ':s': N(45) } });
    expect(sks(res.Items)).toEqual([2, 4, 3, 5]);
    const back = await query({ IndexName: 'byScore', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p') }, ScanIndexForward: false, ConsistentRead: true });
    expect(sks(back.Items)).toEqual([7, 1, 5, 3, 4, 2]);
  });

  it('returns the INCLUDE projection by default and the whole item with ALL_ATTRIBUTES', async () => {
    const projected = await query({ IndexName: 'byScore', KeyConditionExpression: 'pk = :p AND score = :s', ExpressionAttributeValues: { ':p': S('p'), ':s': N(50) } });
    expect(projected.Items).toEqual([{ pk: S('p'), sk: N(1), score: N(50), note: S('n1') }]);
    const all = await query({
      IndexName: 'byScore',
      KeyConditionExpression: 'pk = :p AND score = :s',
      ExpressionAttributeValues: { ':p': S('p'), ':s': N(50) },
      Select: 'ALL_ATTRIBUTES',
    });
    expect(all.Items).toEqual([items[0]]);
  });
});

describe('Query on a string index range key', () => {
  it('supports begins_with', async () => {
    const name = await createTable(db, 'si-str', {
      hash: ['pk', 'S'],
      globalIndexes: [{ name: 'byTag', hash: ['g', 'S'], range: ['tag', 'S'], projection: 'ALL' }],
    });
    for (const [pk, tag] of [['a', 'apple'], ['b', 'apricot'], ['c', 'banana'], ['d', 'ap']]) {
      await db.send(new PutItemCommand({ TableName: name, Item: { pk: S(pk!), g: S('g'), tag: S(tag!) } }));
    }
    await eventually(async () => {
      const res = await db.send(
        new QueryCommand({ TableName: name, IndexName: 'byTag', KeyConditionExpression: 'g = :g AND begins_with(tag, :p)', ExpressionAttributeValues: { ':g': S('g'), ':p': S('ap') } }),
      );
      expect(res.Items!.map((i) => i.tag!.S)).toEqual(['ap', 'apple', 'apricot']);
    });
  });
});

describe('Scan on an index', () => {
  it('sees only the items holding the index keys', async () => {
    const all = await scanAll({ IndexName: 'byCity', Limit: 2 });
    expect(sks(all).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('splits into parallel segments that together cover the index', async () => {
    const parts = await Promise.all([0, 1, 2].map((Segment) => scanAll({ IndexName: 'byCity', Segment, TotalSegments: 3 })));
    expect(sks(parts.flat()).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('scans an LSI', async () => {
    const all = await scanAll({ IndexName: 'byScore' });
    expect(sks(all).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('writes keep the indexes', () => {
  it('refuses an item whose index key has the wrong type', async () => {
    const err = await errorOf(() => db.send(new PutItemCommand({ TableName: table, Item: { pk: S('w'), sk: N(1), city: N(5) } })));
    expect(err.message).toBe('One or more parameter values were invalid: Type mismatch for Index Key city Expected: S Actual: N IndexName: keysOnly');
    const batch = await errorOf(() =>
      db.send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { pk: S('w'), sk: N(2), score: S('high') } } }] } })),
    );
    expect(batch.message).toBe('One or more parameter values were invalid: Type mismatch for Index Key score Expected: N Actual: S IndexName: byCity');
    const update = await errorOf(() =>
      db.send(new UpdateItemCommand({ TableName: table, Key: { pk: S('w'), sk: N(3) }, UpdateExpression: 'SET city = :v', ExpressionAttributeValues: { ':v': N(1) } })),
    );
    expect(update.name).toBe('ValidationException');
  });

  it('moves an item whose GSI key changed and drops a deleted one', async () => {
    const key = { pk: S('m'), sk: N(1) };
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key, city: S('paris'), score: N(1) } }));
    const inCity = (city: string) => query({ IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': S(city) } });
    await eventually(async () => expect((await inCity('paris')).Count).toBe(1));
    await db.send(new UpdateItemCommand({ TableName: table, Key: key, UpdateExpression: 'SET city = :c', ExpressionAttributeValues: { ':c': S('lima') } }));
    await eventually(async () => {
      expect((await inCity('paris')).Count).toBe(0);
      expect((await inCity('lima')).Items).toEqual([{ ...key, city: S('lima'), score: N(1) }]);
    });
    await db.send(new DeleteItemCommand({ TableName: table, Key: key }));
    await eventually(async () => expect((await inCity('lima')).Count).toBe(0));
  });
});

describe('UpdateTable GlobalSecondaryIndexUpdates', () => {
  it('backfills a GSI added to a populated table, then deletes it', async () => {
    const name = await createTable(db, 'si-add', { hash: ['pk', 'S'] });
    const puts = Array.from({ length: 300 }, (_, i) => ({ pk: S(`k${i}`), color: i % 3 === 0 ? N(i) : S(i % 2 ? 'red' : 'blue') }));
    for (let i = 0; i < puts.length; i += 25) {
      await db.send(new BatchWriteItemCommand({ RequestItems: { [name]: puts.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const res = await db.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'color', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byColor', KeySchema: [{ AttributeName: 'color', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
      }),
    );
    const created = res.TableDescription!.GlobalSecondaryIndexes![0]!;
    expect(created.IndexStatus).toBe('CREATING');
    expect(created.Backfilling).toBe(true);
    const deadline = Date.now() + 30_000;
    while ((await indexStatus(name, 'byColor')) !== 'ACTIVE') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Items whose color is a number were written before the index existed: silently left out.
    const expected = puts.filter((p) => 'S' in p.color && p.color.S === 'red').length;
    const red = await db.send(new QueryCommand({ TableName: name, IndexName: 'byColor', KeyConditionExpression: 'color = :c', ExpressionAttributeValues: { ':c': S('red') }, Select: 'COUNT' }));
    expect(red.Count).toBe(expected);
    const everything = (await db.send(new ScanCommand({ TableName: name, IndexName: 'byColor', Select: 'COUNT' }))).Count;
    expect(everything).toBe(200);

    const again = await errorOf(() =>
      db.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'color', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byColor', KeySchema: [{ AttributeName: 'color', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
        }),
      ),
    );
    expect(again.message).toBe('Attempting to create an index which already exists');

    await db.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byColor' } }] }));
    expect(await indexStatus(name, 'byColor')).toBeUndefined();
    const gone = await errorOf(() => db.send(new ScanCommand({ TableName: name, IndexName: 'byColor' })));
    expect(gone.message).toBe('The table does not have the specified index: byColor');
    // The index no longer constrains the attribute's type.
    await db.send(new PutItemCommand({ TableName: name, Item: { pk: S('n'), color: N(1) } }));
  });

  it('leaves out of a backfilled GSI the items whose key attribute is an empty string', async () => {
    const name = await createTable(db, 'si-empty', { hash: ['pk', 'S'] });
    await db.send(new PutItemCommand({ TableName: name, Item: { pk: S('a'), x: S('hello') } }));
    await db.send(new PutItemCommand({ TableName: name, Item: { pk: S('b'), x: S('') } }));
    await db.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'x', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byX', KeySchema: [{ AttributeName: 'x', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
      }),
    );
    const deadline = Date.now() + 30_000;
    while ((await indexStatus(name, 'byX')) !== 'ACTIVE') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 50));
    }
    const found = await db.send(new ScanCommand({ TableName: name, IndexName: 'byX' }));
    expect(found.Items).toEqual([{ pk: S('a'), x: S('hello') }]);
  });
});

describe('ReturnItemCollectionMetrics', () => {
  it('reports the item collection of a write to a table with an LSI, and nothing without one', async () => {
    const name = await createTable(db, 'si-icm', {
      hash: ['pk', 'S'],
      range: ['sk', 'N'],
      localIndexes: [{ name: 'byScore', range: ['score', 'N'], projection: 'ALL' }],
    });
    const expected = { ItemCollectionKey: { pk: S('c') }, SizeEstimateRangeGB: [0, 1] };
    const key = { pk: S('c'), sk: N(1) };
    const put = await db.send(new PutItemCommand({ TableName: name, Item: { ...key, score: N(3) }, ReturnItemCollectionMetrics: 'SIZE' }));
    expect(put.ItemCollectionMetrics).toEqual(expected);
    const update = await db.send(
      new UpdateItemCommand({ TableName: name, Key: key, UpdateExpression: 'SET score = :s', ExpressionAttributeValues: { ':s': N(4) }, ReturnItemCollectionMetrics: 'SIZE' }),
    );
    expect(update.ItemCollectionMetrics).toEqual(expected);
    const notAsked = await db.send(new PutItemCommand({ TableName: name, Item: key, ReturnItemCollectionMetrics: 'NONE' }));
    expect(notAsked.ItemCollectionMetrics).toBeUndefined();
    const del = await db.send(new DeleteItemCommand({ TableName: name, Key: key, ReturnItemCollectionMetrics: 'SIZE' }));
    expect(del.ItemCollectionMetrics).toEqual(expected);

    const plain = await createTable(db, 'si-icm-plain', { hash: ['pk', 'S'] });
    const plainPut = await db.send(new PutItemCommand({ TableName: plain, Item: { pk: S('c') }, ReturnItemCollectionMetrics: 'SIZE' }));
    expect(plainPut.ItemCollectionMetrics).toBeUndefined();

    const batch = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [name]: [{ PutRequest: { Item: { pk: S('c'), sk: N(2) } } }, { DeleteRequest: { Key: { pk: S('d'), sk: N(1) } } }],
          [plain]: [{ PutRequest: { Item: { pk: S('e') } } }],
        },
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    expect(batch.ItemCollectionMetrics).toEqual({ [name]: [expected, { ItemCollectionKey: { pk: S('d') }, SizeEstimateRangeGB: [0, 1] }] });
  });
});
