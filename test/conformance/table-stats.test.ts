import { DeleteItemCommand, DescribeTableCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, eventually, externalEndpoint, useTestClient } from '../support/index.js';

// DynamoDB refreshes these values about every six hours, so against anything but a node this
// file started (one node: its counts are exact) the assertions would not hold.
const ownNode = !externalEndpoint();

let db: DynamoDBClient;

useTestClient((opened) => {
  db = opened.db;
});

const item = (i: number, extra: Record<string, AttributeValue> = {}): Record<string, AttributeValue> => ({
  pk: { S: `k${i}` },
  payload: { S: `some payload for item ${i}` },
  ...extra,
});

describe.runIf(ownNode)('DescribeTable ItemCount and sizes', () => {
  it('counts the items left after puts and deletes, with a size', async () => {
    const table = await createTable(db, 'stats', { hash: ['pk', 'S'] });
    const empty = (await db.send(new DescribeTableCommand({ TableName: table }))).Table!;
    expect(empty.ItemCount).toBe(0);
    expect(empty.TableSizeBytes).toBe(0);
    for (let i = 0; i < 10; i++) await db.send(new PutItemCommand({ TableName: table, Item: item(i) }));
    await db.send(new PutItemCommand({ TableName: table, Item: item(3, { more: { S: 'overwritten, still one item' } }) }));
    for (const i of [4, 7]) await db.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: `k${i}` } } }));
    const described = (await db.send(new DescribeTableCommand({ TableName: table }))).Table!;
    expect(described.ItemCount).toBe(8);
    expect(described.TableSizeBytes).toBeGreaterThan(0);
  });

  it('counts in a GSI only the items that have its key', async () => {
    const table = await createTable(db, 'stats-gsi', {
      hash: ['pk', 'S'],
      globalIndexes: [
        { name: 'byCity', hash: ['city', 'S'], projection: 'ALL' },
        { name: 'keysOnly', hash: ['city', 'S'], projection: 'KEYS_ONLY' },
      ],
    });
    // Six items, four with a city.
    for (let i = 0; i < 6; i++) await db.send(new PutItemCommand({ TableName: table, Item: item(i, i < 4 ? { city: { S: `c${i % 2}` } } : {}) }));
    await eventually(async () => {
      const described = (await db.send(new DescribeTableCommand({ TableName: table }))).Table!;
      expect(described.ItemCount).toBe(6);
      const byName = Object.fromEntries(described.GlobalSecondaryIndexes!.map((g) => [g.IndexName, g]));
      expect(byName.byCity!.ItemCount).toBe(4);
      expect(byName.keysOnly!.ItemCount).toBe(4);
      // An ALL index holds whole items; a KEYS_ONLY one less.
      expect(byName.byCity!.IndexSizeBytes).toBeGreaterThan(0);
      expect(byName.byCity!.IndexSizeBytes).toBeLessThan(described.TableSizeBytes!);
      expect(byName.keysOnly!.IndexSizeBytes).toBeGreaterThan(0);
      expect(byName.keysOnly!.IndexSizeBytes).toBeLessThanOrEqual(byName.byCity!.IndexSizeBytes!);
    });
  });
});
