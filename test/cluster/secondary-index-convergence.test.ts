/**
 * Secondary indexes converge under faults (issue 6): items written through every node, with
 * one node killed (-9) and restarted midway, and with items moving between index keys, being
 * deleted and losing their key attribute. After `nodetool repair` and once the index outboxes
 * have drained, a GSI Query for each `g` value returns exactly the base items that have it
 * (none missing), an LSI Query exactly the items of the partition with an `l`, and every
 * replica stores exactly the live pointers of the current items (no orphan).
 *
 * The last check reads the stopped nodes' storage directly.
 */
import {
  CreateTableCommand,
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodePointerKey, liveItem, scalarText, type PrimaryKey, type TableMeta } from '@dynaring/core';
import { StorageEngine } from '@dynaring/storage';
import { sleep, startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { clientsFor } from '../support/cluster-items.js';
import { uniqueTableName, waitForActive } from '../support/index.js';

const ITEMS = 36;
const G_VALUES = ['g0', 'g1', 'g2', 'g3', 'g4'];
const GSI = 'byG';
const LSI = 'byL';

type Item = Record<string, AttributeValue>;

/** An item as the test knows it: its key and index key attributes (absent ones undefined). */
interface Indexed {
  pk: string;
  sk: string;
  g?: string;
  l?: string;
}

const keyOf = (k: number): Item => ({ pk: { S: `item-${k}` }, sk: { N: String(k % 3) } });
const id = (x: { pk: string; sk: string }) => `${x.pk}|${x.sk}`;

function indexedOf(item: Item): Indexed {
  return { pk: item.pk!.S!, sk: item.sk!.N!, g: item.g?.S, l: item.l?.N };
}

/** Every page of a Query or Scan. */
async function allPages(send: (start: Item | undefined) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await send(start);
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The current base items, read at QUORUM: the truth the indexes must agree with. */
async function baseItems(db: DynamoDBClient, table: string): Promise<Indexed[]> {
  const items = await allPages((start) => db.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start })));
  return items.map(indexedOf);
}

/** What the GSI must answer for `g`, and what it answered through node `i`, as sorted ids. */
async function gsiMismatches(db: (i: number) => DynamoDBClient, nodes: number[], table: string, truth: Indexed[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const i of nodes) {
    for (const g of G_VALUES) {
      const expected = truth.filter((t) => t.g === g).map(id).sort();
      const got = (
        await allPages((start) =>
          db(i).send(
            new QueryCommand({
              TableName: table,
              IndexName: GSI,
              KeyConditionExpression: 'g = :g',
              ExpressionAttributeValues: { ':g': { S: g } },
              ExclusiveStartKey: start,
            }),
          ),
        )
      )
        .map((item) => id(indexedOf(item)))
        .sort();
      if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`node${i + 1} ${g}: expected [${expected.join(', ')}] got [${got.join(', ')}]`);
    }
  }
  return wrong;
}

/** Rows a stopped node stores for the table's indexes, and its outbox size, read from its data directory. */
async function storedPointers(dataDir: string, tableName: string): Promise<{ gsi: string[]; lsi: string[]; outbox: number }> {
  const engine = await StorageEngine.open(dataDir);
  try {
    const meta = (await engine.schema.list()).find((t: TableMeta) => t.name === tableName)!;
    const live = async (indexName: string, describe: (indexKey: PrimaryKey) => string) => {
      const index = meta.indexes!.find((x) => x.name === indexName)!;
      const rows = await engine.scanRange({ tableId: index.id, limit: 100_000 });
      return rows
        .filter((row) => liveItem(row.record) !== null)
        .map((row) => {
          const { indexKey, baseKey } = decodePointerKey(index, meta.keySchema, row.key);
          return `${describe(indexKey)}:${scalarText(baseKey.hash)}|${scalarText(baseKey.range!)}`;
        })
        .sort();
    };
    return {
      gsi: await live(GSI, (key) => scalarText(key.hash)),
      lsi: await live(LSI, (key) => scalarText(key.range!)),
      outbox: await engine.indexOutbox.size(),
    };
  } finally {
    await engine.close();
  }
}

describe('secondary indexes converge across a node killed and restarted', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  let truth: Indexed[] = [];

  /** Spreads writes over the given nodes, a few in flight at a time. */
  const writeThrough = async (nodes: number[], writes: Array<(db: DynamoDBClient) => Promise<unknown>>) => {
    for (let i = 0; i < writes.length; i += 6) {
      await Promise.all(writes.slice(i, i + 6).map((w, j) => w(db(nodes[(i + j) % nodes.length]!))));
    }
  };
  const setG = (k: number, g: string) => (d: DynamoDBClient) =>
    d.send(new UpdateItemCommand({ TableName: table, Key: keyOf(k), UpdateExpression: 'SET g = :g', ExpressionAttributeValues: { ':g': { S: g } } }));
  const removeG = (k: number) => (d: DynamoDBClient) => d.send(new UpdateItemCommand({ TableName: table, Key: keyOf(k), UpdateExpression: 'REMOVE g' }));
  const remove = (k: number) => (d: DynamoDBClient) => d.send(new DeleteItemCommand({ TableName: table, Key: keyOf(k) }));
  const put = (k: number, g: string) => (d: DynamoDBClient) =>
    d.send(new PutItemCommand({ TableName: table, Item: { ...keyOf(k), g: { S: g }, l: { N: String(100 - k) }, v: { S: `value ${k}` } } }));

  beforeAll(async () => {
    cluster = await startCluster({ name: 'secondary-index-convergence.test.ts', nodes: 3 });
    db = clientsFor(cluster);
    table = uniqueTableName('indexes');
    await db(0).send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'g', AttributeType: 'S' },
          { AttributeName: 'l', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: LSI,
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'l', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        GlobalSecondaryIndexes: [{ IndexName: GSI, KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    for (const i of cluster.indices()) await waitForActive(db(i), table, 15_000);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('indexes items written through every node', async () => {
    await writeThrough([0, 1, 2], Array.from({ length: ITEMS }, (_, k) => put(k, G_VALUES[k % G_VALUES.length]!)));
  }, 60_000);

  it('while node 3 is killed, items move between g values, lose g or go, and new ones come', async () => {
    await cluster.kill(2, 'SIGKILL');
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', 10_000);
    const writes: Array<(d: DynamoDBClient) => Promise<unknown>> = [];
    for (let k = 0; k < ITEMS; k++) {
      if (k % 7 === 0) writes.push(remove(k));
      else if (k % 5 === 1) writes.push(removeG(k));
      else if (k % 3 === 0) writes.push(setG(k, G_VALUES[(k + 1) % G_VALUES.length]!));
    }
    for (let k = ITEMS; k < ITEMS + 8; k++) writes.push(put(k, G_VALUES[k % G_VALUES.length]!));
    await writeThrough([0, 1], writes);
  }, 60_000);

  it('after node 3 restarts, more moves through every node, some back to where items were', async () => {
    await cluster.restart(2);
    await cluster.waitForNormal(30_000);
    const writes: Array<(d: DynamoDBClient) => Promise<unknown>> = [];
    for (let k = 0; k < ITEMS + 8; k++) {
      if (k % 4 === 0) writes.push(setG(k, G_VALUES[(k + 2) % G_VALUES.length]!));
      else if (k % 7 === 0) writes.push(put(k, G_VALUES[k % G_VALUES.length]!));
      else if (k % 3 === 0) writes.push(setG(k, G_VALUES[k % G_VALUES.length]!));
    }
    await writeThrough([0, 1, 2], writes);
  }, 60_000);

  it('nodetool repair brings every replica the writes node 3 missed, index pointers included', async () => {
    const summary = await cluster.nodetool(0, 'repair', table);
    // The table and its two index pseudo-tables.
    expect(summary).toMatch(/Repair completed: 3 tables, /);
    truth = await baseItems(db(0), table);
    expect(truth.length).toBeGreaterThan(ITEMS / 2);
    expect(new Set(truth.map((t) => t.g)).size).toBeGreaterThan(2);
  }, 180_000);

  it('a GSI Query for each g through every node returns exactly the items that have it', async () => {
    // The outboxes drain in the background (each GSI pointer is delivered from every base replica).
    const wrong = await waitFor(
      async () => {
        const w = await gsiMismatches(db, [0, 1, 2], table, truth);
        return w.length === 0 ? w : false;
      },
      60_000,
      'every GSI Query to answer exactly the current items',
      500,
    ).catch(async (err: Error) => [err.message, ...(await gsiMismatches(db, [0, 1, 2], table, truth))]);
    expect(wrong).toEqual([]);
  }, 180_000);

  it('a consistent LSI Query of each partition returns exactly its items that have an l', async () => {
    const wrong: string[] = [];
    for (const pk of [...new Set(truth.map((t) => t.pk))]) {
      const expected = truth.filter((t) => t.pk === pk && t.l !== undefined).map(id).sort();
      const got = (
        await allPages((start) =>
          db(1).send(
            new QueryCommand({
              TableName: table,
              IndexName: LSI,
              ConsistentRead: true,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': { S: pk } },
              ExclusiveStartKey: start,
            }),
          ),
        )
      )
        .map((item) => id(indexedOf(item)))
        .sort();
      if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${pk}: expected [${expected.join(', ')}] got [${got.join(', ')}]`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('every replica stores exactly the live pointers of the current items: no orphan, none missing', async () => {
    // Let hints (pointer writes that missed node 3 among them) and the outboxes finish.
    for (const i of cluster.indices()) await cluster.nodetool(i, 'waithints', '--timeout', '15000');
    await sleep(3000);
    for (const i of cluster.indices()) await cluster.kill(i, 'SIGTERM');
    const expectedGsi = truth.filter((t) => t.g !== undefined).map((t) => `${t.g}:${id(t)}`).sort();
    const expectedLsi = truth.filter((t) => t.l !== undefined).map((t) => `${t.l}:${id(t)}`).sort();
    for (const i of cluster.indices()) {
      const stored = await storedPointers(cluster.node(i).dataDir, table);
      expect({ node: i + 1, ...stored }).toEqual({ node: i + 1, gsi: expectedGsi, lsi: expectedLsi, outbox: 0 });
    }
  }, 120_000);
});
