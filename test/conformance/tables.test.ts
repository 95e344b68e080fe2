import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  UpdateTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, uniqueTableName, useTestClient, waitForActive } from '../support/index.js';

let db: DynamoDBClient;

useTestClient((opened) => {
  db = opened.db;
});

const describeTable = async (name: string) => (await db.send(new DescribeTableCommand({ TableName: name }))).Table!;

describe('CreateTable and DescribeTable', () => {
  it('creates an on-demand hash-key table that is ACTIVE at once', async () => {
    const name = uniqueTableName('tables-hash');
    const before = Date.now();
    const created = await db.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    expect(created.TableDescription?.TableName).toBe(name);

    const table = await describeTable(name);
    expect(table.TableStatus).toBe('ACTIVE');
    expect(table.TableName).toBe(name);
    expect(table.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(table.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'S' }]);
    expect(table.ItemCount).toBe(0);
    expect(table.TableSizeBytes).toBe(0);
    expect(table.TableArn).toMatch(new RegExp(`^arn:aws:dynamodb:[a-z0-9-]+:\\d{12}:table/${name}$`));
    expect(table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 });
    expect(table.CreationDateTime).toBeInstanceOf(Date);
    // CreationDateTime has second resolution in some implementations.
    expect(table.CreationDateTime!.getTime()).toBeGreaterThanOrEqual(before - 2000);
    expect(table.CreationDateTime!.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
  });

  it('creates a provisioned hash+range table with N and B keys', async () => {
    const name = uniqueTableName('tables-range');
    await db.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: 'n', AttributeType: 'N' },
          { AttributeName: 'b', AttributeType: 'B' },
        ],
        KeySchema: [
          { AttributeName: 'n', KeyType: 'HASH' },
          { AttributeName: 'b', KeyType: 'RANGE' },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 },
      }),
    );
    const table = await describeTable(name);
    expect(table.TableStatus).toBe('ACTIVE');
    expect(table.KeySchema).toEqual([
      { AttributeName: 'n', KeyType: 'HASH' },
      { AttributeName: 'b', KeyType: 'RANGE' },
    ]);
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'n', AttributeType: 'N' },
        { AttributeName: 'b', AttributeType: 'B' },
      ]),
    );
    expect(table.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 5, WriteCapacityUnits: 7 });
    // DynamoDB omits BillingModeSummary for tables that were always provisioned.
    expect([undefined, 'PROVISIONED']).toContain(table.BillingModeSummary?.BillingMode);

    await db.send(new PutItemCommand({ TableName: name, Item: { n: { N: '7' }, b: { B: new Uint8Array([1, 2, 3]) } } }));
    const got = await db.send(new GetItemCommand({ TableName: name, Key: { n: { N: '7' }, b: { B: new Uint8Array([1, 2, 3]) } } }));
    expect(got.Item?.b?.B).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('reports ItemCount as a number after writes', async () => {
    const name = await createTable(db, 'tables-count', { hash: ['id', 'S'] });
    await db.send(new PutItemCommand({ TableName: name, Item: { id: { S: 'a' } } }));
    const table = await describeTable(name);
    // DynamoDB refreshes ItemCount about every six hours, so only its presence is portable.
    expect(typeof table.ItemCount).toBe('number');
  });

  it('refuses to create a table that exists', async () => {
    const name = await createTable(db, 'tables-dup', { hash: ['id', 'S'] });
    const err = await errorOf(() =>
      db.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      ),
    );
    expect(err.name).toBe('ResourceInUseException');
  });
});

describe('ListTables', () => {
  it('pages with Limit and ExclusiveStartTableName through every table in name order', async () => {
    const prefix = uniqueTableName('tables-list');
    const names = [`${prefix}-c`, `${prefix}-a`, `${prefix}-b`];
    for (const name of names) {
      await db.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
    const seen: string[] = [];
    let start: string | undefined;
    let pages = 0;
    do {
      const page = await db.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: start }));
      expect(page.TableNames!.length).toBeLessThanOrEqual(2);
      seen.push(...page.TableNames!);
      start = page.LastEvaluatedTableName;
      if (start) expect(start).toBe(page.TableNames!.at(-1));
      pages += 1;
    } while (start && pages < 1000);
    expect(seen.filter((n) => n.startsWith(prefix))).toEqual([...names].sort());
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('starts after ExclusiveStartTableName', async () => {
    const prefix = uniqueTableName('tables-after');
    for (const suffix of ['1', '2']) {
      await db.send(
        new CreateTableCommand({
          TableName: `${prefix}-${suffix}`,
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
    const page = await db.send(new ListTablesCommand({ ExclusiveStartTableName: `${prefix}-1`, Limit: 1 }));
    expect(page.TableNames).toEqual([`${prefix}-2`]);
  });
});

describe('UpdateTable', () => {
  it('switches a provisioned table to on-demand', async () => {
    const name = uniqueTableName('tables-billing');
    await db.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
    );
    const updated = await db.send(new UpdateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST' }));
    expect(updated.TableDescription?.TableName).toBe(name);
    const table = await describeTable(name);
    expect(table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.TableStatus).toBe('ACTIVE');
  });

  it('changes provisioned throughput', async () => {
    const name = uniqueTableName('tables-throughput');
    await db.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
    );
    await db.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 20 } }));
    const table = await describeTable(name);
    expect(table.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 10, WriteCapacityUnits: 20 });
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    const err = await errorOf(() => db.send(new UpdateTableCommand({ TableName: uniqueTableName('missing'), BillingMode: 'PAY_PER_REQUEST' })));
    expect(err.name).toBe('ResourceNotFoundException');
  });
});

describe('CreateTable AttributeDefinitions', () => {
  it('refuses an attribute defined twice, naming it', async () => {
    const err = await errorOf(() =>
      db.send(
        new CreateTableCommand({
          TableName: uniqueTableName('tables-dup'),
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'xyz', KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: 'xyz', AttributeType: 'S' },
            { AttributeName: 'xyz', AttributeType: 'N' },
          ],
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Attribute Name is duplicated: xyz');
  });
});

describe('DeleteTable', () => {
  it('deletes a table: describe, reads and a second delete fail with ResourceNotFoundException', async () => {
    const name = await createTable(db, 'tables-delete', { hash: ['id', 'S'] });
    await db.send(new PutItemCommand({ TableName: name, Item: { id: { S: 'x' } } }));
    const deleted = await db.send(new DeleteTableCommand({ TableName: name }));
    expect(deleted.TableDescription?.TableName).toBe(name);

    expect((await errorOf(() => describeTable(name))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(() => db.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'x' } } })))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(() => db.send(new DeleteTableCommand({ TableName: name })))).name).toBe('ResourceNotFoundException');
    const listed = await db.send(new ListTablesCommand({ ExclusiveStartTableName: name.slice(0, -1), Limit: 100 }));
    expect(listed.TableNames).not.toContain(name);
  });

  it('returns the short TableDescription: no schema, indexes or creation time', async () => {
    const name = uniqueTableName('tables-delete-desc');
    await db.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'x', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [{ IndexName: 'byx', KeySchema: [{ AttributeName: 'x', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const got = (await db.send(new DeleteTableCommand({ TableName: name }))).TableDescription!;
    expect(got.TableName).toBe(name);
    expect(got.TableStatus).toBe('DELETING');
    expect(got.TableId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(got.TableArn).toMatch(/^arn:/);
    expect(got.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(got.ProvisionedThroughput).toEqual({ NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
    for (const field of ['KeySchema', 'AttributeDefinitions', 'CreationDateTime', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes']) {
      expect(got).not.toHaveProperty(field);
    }
  });

  it('lets a deleted name be created again, empty', async () => {
    const name = await createTable(db, 'tables-recreate', { hash: ['id', 'S'] });
    await db.send(new PutItemCommand({ TableName: name, Item: { id: { S: 'old' } } }));
    await db.send(new DeleteTableCommand({ TableName: name }));
    await db.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitForActive(db, name);
    const got = await db.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'old' } }, ConsistentRead: true }));
    expect(got.Item).toBeUndefined();
  });
});
