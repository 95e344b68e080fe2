import {
  BatchWriteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { QueryCommand as DocQueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

type Item = Record<string, AttributeValue>;

let db: DynamoDBClient;
let doc: DynamoDBDocumentClient;
/** pk S + sk N, partition 'p' holding `numbers`, partition 'other' holding one item. */
let numeric: string;
/** pk S + sk S, partition 'p' holding `strings`. */
let textual: string;
/** pk S + sk B. */
let binary: string;

// Sorted by value: negatives, decimals and magnitudes that sort wrongly as text.
const numbers = ['-100', '-5', '-1.5', '-0.25', '0', '0.001', '1', '2.5', '10', '99.99', '100', '1E+3'];
const numbersCanonical = ['-100', '-5', '-1.5', '-0.25', '0', '0.001', '1', '2.5', '10', '99.99', '100', '1000'];
// Sorted by UTF-8 bytes: 'Z' (5A) < 'a' (61), 'ä' (C3 A4) < U+FFFD (EF BF BD) < U+1F600 (F0 9F 98 80).
// In UTF-16 code units the emoji (D83D ...) would sort before U+FFFD.
const strings = ['Z', 'a', 'ab', 'abc', 'b', 'ä', '\uFFFD', '😀'];
// Sorted as unsigned bytes: 0x80 and 0xFF come after 0x7F.
const binaries = [[0x00], [0x00, 0x00], [0x01], [0x7f], [0x80], [0xff]];

useTestClient(async (opened) => {
  ({ db, doc } = opened);
  numeric = await createTable(db, 'qs-num', { hash: ['pk', 'S'], range: ['sk', 'N'] });
  textual = await createTable(db, 'qs-str', { hash: ['pk', 'S'], range: ['sk', 'S'] });
  binary = await createTable(db, 'qs-bin', { hash: ['pk', 'S'], range: ['sk', 'B'] });
  // Written out of order so that the order of results comes from the store, not the writes.
  for (const n of [...numbers].reverse()) {
    await db.send(new PutItemCommand({ TableName: numeric, Item: { pk: { S: 'p' }, sk: { N: n }, v: { S: `v${n}` } } }));
  }
  await db.send(new PutItemCommand({ TableName: numeric, Item: { pk: { S: 'other' }, sk: { N: '1' } } }));
  for (const s of [...strings].reverse()) await db.send(new PutItemCommand({ TableName: textual, Item: { pk: { S: 'p' }, sk: { S: s } } }));
  for (const b of [...binaries].reverse()) await db.send(new PutItemCommand({ TableName: binary, Item: { pk: { S: 'p' }, sk: { B: new Uint8Array(b) } } }));
});

const query = (input: Omit<QueryCommandInput, 'TableName'> & { TableName?: string }) =>
  db.send(new QueryCommand({ TableName: numeric, ...input }));

async function sortKeys(condition: string, values: Item, extra: Partial<QueryCommandInput> = {}): Promise<string[]> {
  const res = await query({ KeyConditionExpression: condition, ExpressionAttributeValues: { ':p': { S: 'p' }, ...values }, ...extra });
  return res.Items!.map((i) => i.sk!.N!);
}

async function queryAll(input: QueryCommandInput): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let pages = 0;
  let start: Item | undefined;
  do {
    const res = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...res.Items!);
    start = res.LastEvaluatedKey;
    pages += 1;
  } while (start && pages < 1000);
  return { items, pages };
}

async function scanAll(input: ScanCommandInput): Promise<{ items: Item[]; pages: number; firstPageCount: number }> {
  const items: Item[] = [];
  let pages = 0;
  let firstPageCount = 0;
  let start: Item | undefined;
  do {
    const res = await db.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    if (pages === 0) firstPageCount = res.Count!;
    items.push(...res.Items!);
    start = res.LastEvaluatedKey;
    pages += 1;
  } while (start && pages < 1000);
  return { items, pages, firstPageCount };
}

describe('Query key conditions', () => {
  it('returns a whole partition in sort-key order, numbers by value', async () => {
    expect(await sortKeys('pk = :p', {})).toEqual(numbersCanonical);
  });

  it('= selects one item', async () => {
    expect(await sortKeys('pk = :p AND sk = :v', { ':v': { N: '2.50' } })).toEqual(['2.5']);
  });

  it('< and <= bound from above', async () => {
    expect(await sortKeys('pk = :p AND sk < :v', { ':v': { N: '0' } })).toEqual(['-100', '-5', '-1.5', '-0.25']);
    expect(await sortKeys('pk = :p AND sk <= :v', { ':v': { N: '0' } })).toEqual(['-100', '-5', '-1.5', '-0.25', '0']);
  });

  it('> and >= bound from below', async () => {
    expect(await sortKeys('pk = :p AND sk > :v', { ':v': { N: '99.99' } })).toEqual(['100', '1000']);
    expect(await sortKeys('pk = :p AND sk >= :v', { ':v': { N: '99.99' } })).toEqual(['99.99', '100', '1000']);
  });

  it('BETWEEN is inclusive at both ends', async () => {
    expect(await sortKeys('pk = :p AND sk BETWEEN :lo AND :hi', { ':lo': { N: '-1.5' }, ':hi': { N: '1' } })).toEqual(['-1.5', '-0.25', '0', '0.001', '1']);
  });

  it('begins_with matches a string prefix', async () => {
    const res = await db.send(
      new QueryCommand({
        TableName: textual,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':prefix': { S: 'a' } },
      }),
    );
    expect(res.Items!.map((i) => i.sk!.S)).toEqual(['a', 'ab', 'abc']);
  });

  it('ScanIndexForward false reverses the order', async () => {
    expect(await sortKeys('pk = :p', {}, { ScanIndexForward: false })).toEqual([...numbersCanonical].reverse());
  });

  it('Select COUNT counts without returning items', async () => {
    const res = await query({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, Select: 'COUNT' });
    expect(res.Count).toBe(numbers.length);
    expect(res.Items).toBeUndefined();
  });

  it('Select SPECIFIC_ATTRIBUTES needs AttributesToGet or ProjectionExpression, worded per operation', async () => {
    const q = await errorOf(() => query({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, Select: 'SPECIFIC_ATTRIBUTES' }));
    expect(q.name).toBe('ValidationException');
    expect(q.message).toBe('1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES');
    const s = await errorOf(() => db.send(new ScanCommand({ TableName: numeric, Select: 'SPECIFIC_ATTRIBUTES' })));
    expect(s.name).toBe('ValidationException');
    expect(s.message).toBe('Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES');
    const ok = await query({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, Select: 'SPECIFIC_ATTRIBUTES', ProjectionExpression: 'sk' });
    expect(ok.Count).toBe(numbers.length);
  });

  it('FilterExpression reduces Count but not ScannedCount', async () => {
    const res = await query({
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'begins_with(v, :negative)',
      ExpressionAttributeValues: { ':p': { S: 'p' }, ':negative': { S: 'v-' } },
    });
    expect(res.ScannedCount).toBe(numbers.length);
    expect(res.Count).toBe(4);
  });

  it('FilterExpression may not name a key attribute of the Query, even nested or beside another', async () => {
    const hash = await errorOf(() => query({
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
    }));
    expect(hash.name).toBe('ValidationException');
    expect(hash.message).toBe('Filter Expression can only contain non-primary key attributes: Primary key attribute: pk');
    const range = await errorOf(() => query({
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'v = sk',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
    }));
    expect(range.name).toBe('ValidationException');
    expect(range.message).toBe('Filter Expression can only contain non-primary key attributes: Primary key attribute: sk');
    // Scan has no key condition, so there the keys may be filtered on.
    const scan = await db.send(new ScanCommand({ TableName: numeric, FilterExpression: 'sk = :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
    expect(scan.Count).toBe(2);
  });

  it('returns nothing for an empty partition', async () => {
    const res = await query({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'nobody' } } });
    expect(res.Items).toEqual([]);
    expect(res.Count).toBe(0);
    expect(res.LastEvaluatedKey).toBeUndefined();
  });

  it('works through the DocumentClient', async () => {
    const res = await doc.send(
      new DocQueryCommand({ TableName: numeric, KeyConditionExpression: 'pk = :p AND sk < :v', ExpressionAttributeValues: { ':p': 'p', ':v': -1 } }),
    );
    expect(res.Items).toEqual([
      { pk: 'p', sk: -100, v: 'v-100' },
      { pk: 'p', sk: -5, v: 'v-5' },
      { pk: 'p', sk: -1.5, v: 'v-1.5' },
    ]);
  });
});

describe('sort order', () => {
  it('orders strings by UTF-8 bytes', async () => {
    const res = await db.send(new QueryCommand({ TableName: textual, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }));
    expect(res.Items!.map((i) => i.sk!.S)).toEqual(strings);
  });

  it('orders binaries as unsigned bytes', async () => {
    const res = await db.send(new QueryCommand({ TableName: binary, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }));
    expect(res.Items!.map((i) => [...i.sk!.B!])).toEqual(binaries);
  });
});

describe('paging', () => {
  it('Query with Limit pages through all items with LastEvaluatedKey', async () => {
    const { items, pages } = await queryAll({
      TableName: numeric,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
      Limit: 5,
    });
    expect(items.map((i) => i.sk!.N)).toEqual(numbersCanonical);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('LastEvaluatedKey holds the key of the last item returned', async () => {
    const res = await query({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, Limit: 2 });
    expect(res.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '-5' } });
  });

  it('Query backwards with Limit pages in reverse', async () => {
    const { items } = await queryAll({
      TableName: numeric,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
      Limit: 4,
      ScanIndexForward: false,
    });
    expect(items.map((i) => i.sk!.N)).toEqual([...numbersCanonical].reverse());
  });

  it('a parallel Scan refuses an ExclusiveStartKey outside its segment', async () => {
    const segments = [0, 1];
    const holders = await Promise.all(segments.map((Segment) => db.send(new ScanCommand({ TableName: numeric, TotalSegments: 2, Segment }))));
    const own = holders.findIndex((page) => (page.Items ?? []).some((i) => i.pk!.S === 'p'));
    const other = 1 - own;
    const start = { pk: { S: 'p' }, sk: { N: '0' } };
    const inside = await db.send(new ScanCommand({ TableName: numeric, TotalSegments: 2, Segment: own, ExclusiveStartKey: start }));
    expect(inside.Items!.some((i) => i.pk!.S === 'p' && i.sk!.N === '0.001')).toBe(true);
    const err = await errorOf(() => db.send(new ScanCommand({ TableName: numeric, TotalSegments: 2, Segment: other, ExclusiveStartKey: start })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: ${other}`,
    );
  });

  it('Scan with Limit visits every item of every partition exactly once', async () => {
    const { items, pages } = await scanAll({ TableName: numeric, Limit: 3 });
    const keys = items.map((i) => `${i.pk!.S}/${i.sk!.N}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual([...numbersCanonical.map((n) => `p/${n}`), 'other/1'].sort());
    expect(pages).toBeGreaterThanOrEqual(5);
  });

  it('Scan with Select COUNT counts everything', async () => {
    const res = await db.send(new ScanCommand({ TableName: numeric, Select: 'COUNT' }));
    expect(res.Count).toBe(numbers.length + 1);
  });
});

describe('the 1 MB page limit', () => {
  const itemCount = 30;
  const payloadBytes = 100 * 1024;
  let big: string;

  beforeAll(async () => {
    big = await createTable(db, 'qs-big', { hash: ['pk', 'S'], range: ['sk', 'N'] });
    const payload = 'x'.repeat(payloadBytes);
    for (let start = 0; start < itemCount; start += 10) {
      const requests = Array.from({ length: 10 }, (_, i) => ({
        PutRequest: { Item: { pk: { S: 'heavy' }, sk: { N: String(start + i) }, payload: { S: payload } } },
      }));
      await db.send(new BatchWriteItemCommand({ RequestItems: { [big]: requests } }));
    }
  });

  it('stops a Query page near 1 MB and paging collects all ~3 MB', async () => {
    const first = await db.send(
      new QueryCommand({ TableName: big, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'heavy' } } }),
    );
    expect(first.LastEvaluatedKey).toBeDefined();
    expect(first.Count).toBeGreaterThan(0);
    expect(first.Count).toBeLessThanOrEqual(11);

    const { items, pages } = await queryAll({
      TableName: big,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'heavy' } },
    });
    expect(items.map((i) => Number(i.sk!.N))).toEqual(Array.from({ length: itemCount }, (_, i) => i));
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('stops a Scan page near 1 MB and paging collects all', async () => {
    const { items, pages, firstPageCount } = await scanAll({ TableName: big });
    expect(firstPageCount).toBeLessThanOrEqual(11);
    expect(items.length).toBe(itemCount);
    expect(new Set(items.map((i) => i.sk!.N)).size).toBe(itemCount);
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});
