import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Cluster } from './cluster.js';
import { client } from './endpoint.js';
import { createTable, waitForActive } from './tables.js';

/** Items of the cluster tests: a string hash key `pk` and a string value `v`. */
export type Items = Map<string, string>;

/** One client per node, never retrying, so a test sees each node's own answer. */
export function clientsFor(cluster: Cluster): (i: number) => DynamoDBClient {
  const clients = new Map<number, DynamoDBClient>();
  return (i) => {
    let db = clients.get(i);
    if (!db) {
      db = client(cluster.node(i).endpoint, 1);
      clients.set(i, db);
    }
    return db;
  };
}

/** Creates a `pk`-keyed table through node `via` and waits until every running node knows it. */
export async function createClusterTable(cluster: Cluster, db: (i: number) => DynamoDBClient, prefix: string, via = 0): Promise<string> {
  const table = await createTable(db(via), prefix, { hash: ['pk', 'S'] });
  for (const i of cluster.indices()) {
    if (cluster.node(i).running) await waitForActive(db(i), table, 15_000);
  }
  return table;
}

export async function putItems(db: DynamoDBClient, table: string, items: Items): Promise<void> {
  await inBatches([...items], async ([pk, v]) => {
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: v } } }));
  });
}

export async function getValue(db: DynamoDBClient, table: string, pk: string, consistent: boolean): Promise<string | undefined> {
  const res = await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: consistent }));
  return res.Item?.v?.S;
}

/**
 * Reads every item through one node and lists the ones that differ, as `pk: expected != got`.
 * An error reading an item is reported as that item's result, so one run shows every failure.
 */
export async function mismatches(db: DynamoDBClient, table: string, items: Items, consistent: boolean): Promise<string[]> {
  const wrong: string[] = [];
  await inBatches([...items], async ([pk, v]) => {
    try {
      const got = await getValue(db, table, pk, consistent);
      if (got !== v) wrong.push(`${pk}: ${v} != ${got}`);
    } catch (err) {
      wrong.push(`${pk}: ${(err as Error).name} ${(err as Error).message}`);
    }
  });
  return wrong.sort();
}

export function makeItems(prefix: string, count: number): Items {
  return new Map(Array.from({ length: count }, (_, k) => [`${prefix}-${k}`, `value of ${prefix}-${k}`]));
}

/** A few requests in flight at a time: enough to be quick, few enough for two cores. */
async function inBatches<T>(all: readonly T[], fn: (item: T) => Promise<void>, width = 8): Promise<void> {
  for (let i = 0; i < all.length; i += width) await Promise.all(all.slice(i, i + width).map(fn));
}
