/**
 * Tombstones under faults: an item deleted (or replaced) while one replica is down never
 * comes back, whether hinted handoff or read repair carries the tombstone to that replica;
 * and a table with a tiny gc_grace_seconds loses its expired tombstones from storage.
 */
import { readFileSync } from 'node:fs';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { liveItem, type AttributeValue, type Row } from '@dynaring/core';
import { StorageEngine } from '@dynaring/storage';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, makeItems, mismatches, putItems } from '../support/cluster-items.js';
import { uniqueTableName, waitForActive } from '../support/index.js';

const DOWN_WITHIN_MS = 10_000;
const READ_ROUNDS = 3;

async function tableId(db: DynamoDBClient, table: string): Promise<string> {
  const res = await db.send(new DescribeTableCommand({ TableName: table }));
  return res.Table!.TableId!;
}

/** Every row a stopped node stores for a table, read straight from its data directory. */
async function storedRows(dataDir: string, id: string): Promise<Row[]> {
  const engine = await StorageEngine.open(dataDir);
  try {
    return await engine.scanRange({ tableId: id, limit: 100_000 });
  } finally {
    await engine.close();
  }
}

const pkOf = (row: Row) => (row.key.hash as { S: string }).S;
const stringOf = (value: AttributeValue | undefined) => (value && 'S' in value ? value.S : undefined);

async function getItem(db: DynamoDBClient, table: string, pk: string) {
  const res = await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
  return res.Item;
}

for (const hints of [true, false]) {
  describe(`a delete made while a replica is down never resurrects (hinted handoff ${hints ? 'on' : 'off'})`, () => {
    let cluster: Cluster;
    let db: ReturnType<typeof clientsFor>;
    let table: string;
    const kept = makeItems('kept', 20);
    const deleted = makeItems('deleted', 20);
    const replaced = makeItems('replaced', 10);
    beforeAll(async () => {
      cluster = await startCluster({
        name: `tombstones.test.ts-${hints}`,
        nodes: 3,
        extraArgs: hints ? [] : ['--hinted-handoff-enabled', 'false'],
      });
      db = clientsFor(cluster);
      table = await createClusterTable(cluster, db, 'zombie', 0);
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
    });
    beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

    it('deletes and replacements through node 1 while node 3 is down leave node 3 with the old versions', async () => {
      await putItems(db(0), table, kept);
      await putItems(db(0), table, deleted);
      for (const [pk, v] of replaced) {
        await db(0).send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: v }, extra: { S: 'old attribute' } } }));
      }
      await cluster.kill(2, 'SIGKILL');
      await cluster.waitForStatus(0, '127.0.0.3', 'DN', DOWN_WITHIN_MS);
      for (const pk of deleted.keys()) await db(0).send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: pk } } }));
      for (const [pk] of replaced) {
        await db(0).send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: 'new' } } }));
      }
      // The zombie setup: node 3 (a replica of everything at RF 3) still holds the live versions.
      // A write is acknowledged at QUORUM, so the last few may not have reached node 3 before
      // the kill: most, not all, must be there.
      const rows = await storedRows(cluster.node(2).dataDir, await tableId(db(0), table));
      const live = new Map(rows.map((r) => [pkOf(r), liveItem(r.record)]));
      const oldDeleted = [...deleted].filter(([pk, v]) => stringOf(live.get(pk)?.v) === v);
      const oldReplaced = [...replaced.keys()].filter((pk) => stringOf(live.get(pk)?.extra) === 'old attribute');
      expect(oldDeleted.length).toBeGreaterThanOrEqual(deleted.size / 2);
      expect(oldReplaced.length).toBeGreaterThanOrEqual(replaced.size / 2);
    }, 60_000);

    it('after node 3 restarts, ConsistentReads through every node never return a deleted item or a replaced attribute', async () => {
      await cluster.restart(2);
      for (const observer of [0, 1, 2]) await cluster.waitForStatus(observer, '127.0.0.3', 'UN', 20_000);
      const zombies: string[] = [];
      for (let round = 0; round < READ_ROUNDS; round++) {
        for (const via of [2, 0, 1]) {
          for (const pk of deleted.keys()) {
            const item = await getItem(db(via), table, pk);
            if (item) zombies.push(`round ${round} via node ${via + 1}: ${pk} = ${JSON.stringify(item)}`);
          }
          for (const pk of replaced.keys()) {
            const item = await getItem(db(via), table, pk);
            if (item?.v?.S !== 'new' || item.extra) zombies.push(`round ${round} via node ${via + 1}: ${pk} = ${JSON.stringify(item)}`);
          }
        }
      }
      expect(zombies).toEqual([]);
      for (const via of [2, 0, 1]) expect(await mismatches(db(via), table, kept, true)).toEqual([]);
    }, 120_000);
  });
}

describe('tombstones past a small gc_grace_seconds are purged from storage', () => {
  let cluster: Cluster;
  let db: DynamoDBClient;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'tombstones.test.ts-gc', nodes: 1, extraArgs: ['--tombstone-sweep-interval-ms', '200'] });
    db = clientsFor(cluster)(0);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  async function createTable(tags: { Key: string; Value: string }[]): Promise<string> {
    const name = uniqueTableName('gc');
    await db.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        Tags: tags,
      }),
    );
    await waitForActive(db, name);
    return name;
  }

  const sweepLines = (table: string) =>
    readFileSync(cluster.node(0).logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"tombstone sweep"') && line.includes(`"table":"${table}"`))
      .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as { purgedRows: number; rewrittenRows: number });

  it('a deleted item\'s row disappears once the table\'s gc_grace has passed; other tables keep theirs', async () => {
    const short = await createTable([{ Key: 'system:gc_grace_seconds', Value: '1' }]);
    const long = await createTable([]);
    for (const table of [short, long]) {
      await putItems(db, table, makeItems('item', 10));
      for (let k = 0; k < 5; k++) await db.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: `item-${k}` } } }));
    }
    await waitFor(() => sweepLines(short).reduce((n, l) => n + l.purgedRows, 0) >= 5, 20_000, 'the sweep to purge the 5 deleted rows');
    const scan = await db.send(new ScanCommand({ TableName: short, Select: 'COUNT', ConsistentRead: true }));
    expect(scan.Count).toBe(5);
    expect(scan.ScannedCount).toBe(5);
    expect(sweepLines(long)).toEqual([]);

    const [shortId, longId] = [await tableId(db, short), await tableId(db, long)];
    await cluster.kill(0, 'SIGTERM');
    const shortRows = await storedRows(cluster.node(0).dataDir, shortId);
    expect(shortRows.map(pkOf).sort()).toEqual(['item-5', 'item-6', 'item-7', 'item-8', 'item-9']);
    expect(shortRows.every((r) => r.record.tombstoneMicros === -1)).toBe(true);
    // The default gc_grace (10 days) keeps the deletes' tombstones.
    const longRows = await storedRows(cluster.node(0).dataDir, longId);
    expect(longRows).toHaveLength(10);
    expect(longRows.filter((r) => liveItem(r.record) === null)).toHaveLength(5);
  }, 60_000);
});
