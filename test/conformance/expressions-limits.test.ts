import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

/** Expression limits and Alternator-verified behaviours, end to end through the SDK. */

let db: DynamoDBClient;
let table: string;

useTestClient(async (opened) => {
  db = opened.db;
  table = await createTable(db, 'exprlimits', { hash: ['pk', 'S'] });
});

const key = (pk: string) => ({ pk: { S: pk } });

const update = (pk: string, UpdateExpression: string, values?: Record<string, AttributeValue>, ConditionExpression?: string) =>
  db.send(new UpdateItemCommand({ TableName: table, Key: key(pk), UpdateExpression, ConditionExpression, ExpressionAttributeValues: values }));

describe('expression limits', () => {
  it('refuses an expression over 4096 bytes', async () => {
    const text = `SET ${'a'.repeat(4090)} = :v`;
    const err = await errorOf(() => update('size', text, { ':v': { N: '1' } }));
    expect(err).toMatchObject({
      name: 'ValidationException',
      message: `Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; expression size: ${text.length}`,
    });
  });

  it('refuses more than 300 operators', async () => {
    const condition = Array.from({ length: 151 }, () => 'a <> :v').join(' AND '); // 151 comparisons, 150 ANDs
    const err = await errorOf(() => update('ops', 'SET b = :v', { ':v': { N: '1' } }, condition));
    expect(err).toMatchObject({
      name: 'ValidationException',
      message: 'Invalid ConditionExpression: The expression contains too many operators; operator count: 301',
    });
  });

  it('takes 99 IN values but not 100', async () => {
    const values = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`:v${i}`, { N: String(i) }]));
    const list = (n: number) => Object.keys(values).slice(0, n).join(',');
    const { [':v99']: _, ...first99 } = values;
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key('in'), a: { N: '74' } } }));
    await update('in', 'SET c = :v37', first99, `a IN (${list(99)})`);
    const err = await errorOf(() => update('in', 'SET c = :v37', values, `a IN (${list(100)})`));
    expect(err).toMatchObject({
      name: 'ValidationException',
      message: 'Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101',
    });
  });
});

describe('updates as DynamoDB applies them', () => {
  it('appends past the end of a list in index order and reports overlaps', async () => {
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key('list'), a: { L: [{ S: 'one' }] } } }));
    await update('list', 'SET a[84] = :v1, a[17] = :v2', { ':v1': { S: 'a1' }, ':v2': { S: 'a2' } });
    const item = (await db.send(new GetItemCommand({ TableName: table, Key: key('list'), ConsistentRead: true }))).Item;
    expect(item?.a).toEqual({ L: [{ S: 'one' }, { S: 'a2' }, { S: 'a1' }] });
    const err = await errorOf(() => update('list', 'SET a[1] = :v REMOVE a', { ':v': { N: '1' } }));
    expect(err).toMatchObject({
      name: 'ValidationException',
      message: 'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a]',
    });
  });

  it('reports a sum needing more than 38 digits as an overflow', async () => {
    const err = await errorOf(() => update('num', 'SET b = :a + :b', { ':a': { N: '1E50' }, ':b': { N: '1' } }));
    expect(err).toMatchObject({
      name: 'ValidationException',
      message: 'Number overflow. Attempting to store a number with magnitude larger than supported range',
    });
  });
});
