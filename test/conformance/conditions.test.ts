import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, useTestClient } from '../support/index.js';

let db: DynamoDBClient;
let table: string;
let counter = 0;

useTestClient(async (opened) => {
  db = opened.db;
  table = await createTable(db, 'conditions', { hash: ['pk', 'S'] });
});

const sample: Record<string, AttributeValue> = {
  n: { N: '5' },
  s: { S: 'hello world' },
  ss: { SS: ['red', 'green'] },
  l: { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }] },
  m: { M: { deep: { BOOL: true } } },
};

async function seed(attrs: Record<string, AttributeValue> = sample): Promise<Record<string, AttributeValue>> {
  counter += 1;
  const key = { pk: { S: `cond-${counter}` } };
  await db.send(new PutItemCommand({ TableName: table, Item: { ...key, ...attrs } }));
  return key;
}

const read = async (key: Record<string, AttributeValue>) =>
  (await db.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

/** Runs a guarded SET and reports whether the condition held. */
async function holds(condition: string, values: Record<string, AttributeValue> = {}, names?: Record<string, string>): Promise<boolean> {
  const key = await seed();
  try {
    await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET touched = :touched',
        ConditionExpression: condition,
        ExpressionAttributeValues: { ':touched': { BOOL: true }, ...values },
        ExpressionAttributeNames: names,
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      expect((await read(key))?.touched).toBeUndefined();
      return false;
    }
    throw err;
  }
  expect((await read(key))?.touched).toEqual({ BOOL: true });
  return true;
}

describe('PutItem conditions', () => {
  it('attribute_not_exists lets the first put in and stops the second', async () => {
    const item = { pk: { S: 'only-once' }, v: { N: '1' } };
    await db.send(new PutItemCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    const err = await errorOf(() =>
      db.send(new PutItemCommand({ TableName: table, Item: { ...item, v: { N: '2' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    expect(err.name).toBe('ConditionalCheckFailedException');
    expect(err.message).toBe('The conditional request failed');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(await read({ pk: item.pk })).toEqual(item);
  });

  it('attribute_exists fails on a missing item', async () => {
    const err = await errorOf(() =>
      db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'not-yet' } }, ConditionExpression: 'attribute_exists(pk)' })),
    );
    expect(err.name).toBe('ConditionalCheckFailedException');
    expect(await read({ pk: { S: 'not-yet' } })).toBeUndefined();
  });
});

describe('UpdateItem conditions', () => {
  it('applies the update when the condition is true', async () => {
    expect(await holds('n = :five', { ':five': { N: '5' } })).toBe(true);
  });

  it('fails with ConditionalCheckFailedException and changes nothing when false', async () => {
    expect(await holds('n = :six', { ':six': { N: '6' } })).toBe(false);
  });

  it.each([
    ['n < :x', { ':x': { N: '6' } }, true],
    ['n <= :x', { ':x': { N: '5' } }, true],
    ['n > :x', { ':x': { N: '5' } }, false],
    ['n >= :x', { ':x': { N: '5' } }, true],
    ['n <> :x', { ':x': { N: '5' } }, false],
    ['n BETWEEN :lo AND :hi', { ':lo': { N: '1' }, ':hi': { N: '9' } }, true],
    ['n IN (:a, :b)', { ':a': { N: '1' }, ':b': { N: '5' } }, true],
    ['begins_with(s, :p)', { ':p': { S: 'hello' } }, true],
    ['contains(s, :p)', { ':p': { S: 'lo wo' } }, true],
    ['contains(ss, :p)', { ':p': { S: 'blue' } }, false],
    ['size(l) = :three', { ':three': { N: '3' } }, true],
    ['attribute_type(m, :t)', { ':t': { S: 'M' } }, true],
    ['m.deep = :t', { ':t': { BOOL: true } }, true],
    ['l[1] = :b', { ':b': { S: 'b' } }, true],
    ['n = :five AND s = :nope', { ':five': { N: '5' }, ':nope': { S: 'nope' } }, false],
    ['n = :five OR s = :nope', { ':five': { N: '5' }, ':nope': { S: 'nope' } }, true],
    ['NOT (n = :five)', { ':five': { N: '5' } }, false],
    ['n = :str', { ':str': { S: '5' } }, false],
  ] as const)('evaluates %s', async (condition, values, expected) => {
    expect(await holds(condition, values as Record<string, AttributeValue>)).toBe(expected);
  });

  it('resolves ExpressionAttributeNames in conditions', async () => {
    expect(await holds('#n = :five', { ':five': { N: '5' } }, { '#n': 'n' })).toBe(true);
  });

  it('returns the old item on failure with ReturnValuesOnConditionCheckFailure', async () => {
    const key = await seed({ v: { N: '1' } });
    const err = (await errorOf(() =>
      db.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET v = :two',
          ConditionExpression: 'v = :zero',
          ExpressionAttributeValues: { ':two': { N: '2' }, ':zero': { N: '0' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    )) as ConditionalCheckFailedException;
    expect(err.name).toBe('ConditionalCheckFailedException');
    expect(err.Item).toEqual({ ...key, v: { N: '1' } });
  });
});

describe('DeleteItem conditions', () => {
  it('deletes when the condition holds', async () => {
    const key = await seed();
    await db.send(new DeleteItemCommand({ TableName: table, Key: key, ConditionExpression: 'n = :five', ExpressionAttributeValues: { ':five': { N: '5' } } }));
    expect(await read(key)).toBeUndefined();
  });

  it('keeps the item when the condition fails', async () => {
    const key = await seed();
    const err = await errorOf(() =>
      db.send(new DeleteItemCommand({ TableName: table, Key: key, ConditionExpression: 'n = :six', ExpressionAttributeValues: { ':six': { N: '6' } } })),
    );
    expect(err.name).toBe('ConditionalCheckFailedException');
    expect(await read(key)).toEqual({ ...key, ...sample });
  });
});
