/**
 * A table created through node 1 is usable through every node: written through node 2, read
 * through node 3, replicated three times.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDescribeRing, startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, getValue, makeItems, mismatches, putItems } from '../support/cluster-items.js';

describe('replication across three nodes', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'replication.test.ts', nodes: 3 });
    db = clientsFor(cluster);
    table = await createClusterTable(cluster, db, 'replication', 0);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('describes the table created through node 1 on nodes 2 and 3', async () => {
    for (const i of [1, 2]) {
      const res = await db(i).send(new DescribeTableCommand({ TableName: table }));
      expect(res.Table?.TableStatus).toBe('ACTIVE');
      expect(res.Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    }
  });

  it('items written through node 2 are read through node 3 with ConsistentRead', async () => {
    const items = makeItems('n2', 40);
    await putItems(db(1), table, items);
    expect(await mismatches(db(2), table, items, true)).toEqual([]);
  });

  it('items written through node 2 are read through node 3 with eventual reads', async () => {
    const items = makeItems('n2-eventual', 40);
    await putItems(db(1), table, items);
    // An eventual read may reach the replica outside the write quorum before it applied the write.
    await waitFor(async () => ((await mismatches(db(2), table, items, false)).length === 0 ? true : undefined), 10_000, 'eventual reads through node 3 to see every item');
    expect(await getValue(db(2), table, 'n2-eventual-0', false)).toBe('value of n2-eventual-0');
  });

  it('nodetool describering shows three distinct endpoints for every range', async () => {
    const ring = parseDescribeRing(await cluster.nodetool(0, 'describering', table));
    expect(ring.ranges.length).toBeGreaterThan(0);
    const sizes = ring.ranges.map((r) => new Set(r.endpoints).size);
    expect(sizes.filter((n) => n !== 3)).toEqual([]);
    expect(ring.ranges.every((r) => r.endpoints.length === 3)).toBe(true);
  });
});
