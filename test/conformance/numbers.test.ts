import { GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

let db: DynamoDBClient;
let byString: string;

useTestClient(async (opened) => {
  db = opened.db;
  byString = await createTable(db, 'numbers', { hash: ['pk', 'S'] });
});

async function roundTrip(n: string): Promise<string | undefined> {
  const pk = `rt-${n}`;
  await db.send(new PutItemCommand({ TableName: byString, Item: { pk: { S: pk }, n: { N: n } } }));
  const got = await db.send(new GetItemCommand({ TableName: byString, Key: { pk: { S: pk } }, ConsistentRead: true }));
  return got.Item?.n?.N;
}

describe('number precision', () => {
  it.each([
    '12345678901234567890123456789012345678',
    '-12345678901234567890123456789012345678',
    '0.12345678901234567890123456789012345678',
    '1234567890123456789.0123456789012345678',
  ])('round-trips 38 significant digits exactly: %s', async (n) => {
    expect(await roundTrip(n)).toBe(n);
  });

  it('round-trips the largest and smallest magnitudes', async () => {
    expect(await roundTrip('9.9999999999999999999999999999999999999E+125')).toBe('99999999999999999999999999999999999999' + '0'.repeat(88));
    expect(await roundTrip('1E-130')).toBe('0.' + '0'.repeat(129) + '1');
  });

  it('returns numbers in canonical form', async () => {
    expect(await roundTrip('1.50')).toBe('1.5');
    expect(await roundTrip('1E+2')).toBe('100');
    expect(await roundTrip('-0')).toBe('0');
    expect(await roundTrip('007')).toBe('7');
  });

  it('rejects more than 38 significant digits', async () => {
    const err = await errorOf(() => db.send(new PutItemCommand({ TableName: byString, Item: { pk: { S: 'x' }, n: { N: '1'.repeat(39) } } })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Attempting to store more than 38 significant digits in a Number');
  });

  it('adds decimals exactly, without binary floating point', async () => {
    await db.send(new PutItemCommand({ TableName: byString, Item: { pk: { S: 'sum' }, n: { N: '0.1' } } }));
    const updated = await db.send(
      new UpdateItemCommand({
        TableName: byString,
        Key: { pk: { S: 'sum' } },
        UpdateExpression: 'SET n = n + :d',
        ExpressionAttributeValues: { ':d': { N: '0.2' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(updated.Attributes?.n?.N).toBe('0.3');
  });

  it('adds large integers exactly', async () => {
    await db.send(new PutItemCommand({ TableName: byString, Item: { pk: { S: 'big-sum' }, n: { N: '99999999999999999999999999999999999998' } } }));
    const updated = await db.send(
      new UpdateItemCommand({
        TableName: byString,
        Key: { pk: { S: 'big-sum' } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(updated.Attributes?.n?.N).toBe('99999999999999999999999999999999999999');
  });
});

describe('numbers as keys', () => {
  it('treats "1", "1.0" and "10E-1" as the same key', async () => {
    const table = await createTable(db, 'numbers-key', { hash: ['k', 'N'] });
    await db.send(new PutItemCommand({ TableName: table, Item: { k: { N: '1' }, v: { S: 'first' } } }));
    for (const spelling of ['1', '1.0', '10E-1', '0.1E1']) {
      const got = await db.send(new GetItemCommand({ TableName: table, Key: { k: { N: spelling } }, ConsistentRead: true }));
      expect(got.Item?.v?.S, spelling).toBe('first');
    }
    await db.send(new PutItemCommand({ TableName: table, Item: { k: { N: '10E-1' }, v: { S: 'second' } } }));
    const all = await db.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    expect(all.Items).toEqual([{ k: { N: '1' }, v: { S: 'second' } }]);
  });

  it('treats number set members by value', async () => {
    await db.send(new PutItemCommand({ TableName: byString, Item: { pk: { S: 'ns' }, s: { NS: ['1.0', '2'] } } }));
    const updated = await db.send(
      new UpdateItemCommand({
        TableName: byString,
        Key: { pk: { S: 'ns' } },
        UpdateExpression: 'DELETE s :gone',
        ExpressionAttributeValues: { ':gone': { NS: ['1'] } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(updated.Attributes?.s?.NS).toEqual(['2']);
  });
});
