/**
 * What survives a node's death: a clean restart keeps tables and items, and after kill -9
 * every write the client saw acknowledged is still there. These need a node of our own to
 * stop, so they are skipped when DYNARING_ENDPOINT points at another server.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { client, createTable, externalEndpoint, startNode, type RunningNode } from '../support/index.js';

const running: RunningNode[] = [];
const clients: DynamoDBClient[] = [];

async function boot(dataDir?: string): Promise<{ node: RunningNode; db: DynamoDBClient }> {
  const node = await startNode(dataDir ? { dataDir } : {});
  running.push(node);
  const db = client(node.endpoint);
  clients.push(db);
  return { node, db };
}

afterEach(async () => {
  for (const db of clients.splice(0)) db.destroy();
  for (const node of running.splice(0)) {
    node.kill('SIGKILL');
    await node.waitExit();
  }
});

async function readAll(db: DynamoDBClient, table: string, ids: number[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, AttributeValue>[] | undefined = ids.slice(i, i + 100).map((id) => ({ pk: { S: `w${id}` } }));
    while (keys && keys.length > 0) {
      const res: BatchGetItemCommandOutput = await db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of res.Responses?.[table] ?? []) found.add(item.pk!.S!);
      keys = res.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

describe.skipIf(externalEndpoint())('durability', () => {
  it('keeps tables and items across a clean restart', async () => {
    const first = await boot();
    const table = await createTable(first.db, 'restart', { hash: ['pk', 'S'], range: ['sk', 'N'] });
    for (let i = 0; i < 20; i += 1) {
      await first.db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'p' }, sk: { N: String(i) }, v: { S: `value ${i}` } } }));
    }
    await first.node.stop();
    const exit = await first.node.waitExit();
    expect(exit.code).toBe(0);

    const second = await boot(first.node.dataDir);
    const described = await second.db.send(new DescribeTableCommand({ TableName: table }));
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    expect(described.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const res = await second.db.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, ConsistentRead: true }),
    );
    expect(res.Items!.map((i) => i.v!.S)).toEqual(Array.from({ length: 20 }, (_, i) => `value ${i}`));
  });

  it('keeps every acknowledged write after kill -9 in the middle of writing', async () => {
    const first = await boot();
    const table = await createTable(first.db, 'kill9', { hash: ['pk', 'S'] });
    const acked: number[] = [];
    const target = 200;
    let failure: unknown;

    for (let i = 0; ; i += 1) {
      const write = first.db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `w${i}` }, n: { N: String(i) } } }));
      // Kill while this write is on the wire, so the crash lands mid-request.
      if (acked.length >= target) first.node.kill('SIGKILL');
      try {
        await write;
        acked.push(i);
      } catch (err) {
        failure = err;
        break;
      }
      if (acked.length > target + 50) break;
    }
    const exit = await first.node.waitExit();
    expect(exit.signal).toBe('SIGKILL');
    expect(failure, 'the write in flight at the kill should fail').toBeDefined();
    expect(acked.length).toBeGreaterThanOrEqual(target);

    const second = await boot(first.node.dataDir);
    const found = await readAll(second.db, table, acked);
    const lost = acked.filter((i) => !found.has(`w${i}`));
    expect(lost, 'acknowledged writes lost after kill -9').toEqual([]);
  });
});
