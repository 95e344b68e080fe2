/**
 * Schema changes reach every node: at once for live nodes, and on return for a node that was
 * down when the table was created or deleted.
 */
import { DeleteTableCommand, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, makeItems, mismatches, putItems } from '../support/cluster-items.js';

describe('schema across the cluster', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'schema.test.ts', nodes: 3 });
    db = clientsFor(cluster);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('a table created through one node is usable through another right away', async () => {
    const { createTable } = await import('../support/tables.js');
    const table = await createTable(db(0), 'instant', { hash: ['pk', 'S'] });
    const items = makeItems('instant', 5);
    await putItems(db(1), table, items);
    expect(await mismatches(db(2), table, items, true)).toEqual([]);
  });

  it('a node that was down learns of tables created and deleted meanwhile', async () => {
    const doomed = await createClusterTable(cluster, db, 'doomed', 0);
    await cluster.kill(2, 'SIGKILL');
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', 15_000);
    // Created with two live nodes, the table gets RF=1 (the RF rule counts live nodes), so
    // its items are written once the third node, which owns some of them, is back.
    const table = await createClusterTable(cluster, db, 'while-down', 0);
    await db(0).send(new DeleteTableCommand({ TableName: doomed }));
    await cluster.restart(2);
    await waitFor(
      async () => ((await db(2).send(new ListTablesCommand({}))).TableNames ?? []).includes(table),
      15_000,
      'the restarted node to list the new table',
    );
    expect(((await db(2).send(new ListTablesCommand({}))).TableNames ?? []).includes(doomed)).toBe(false);
    expect((await db(2).send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus).toBe('ACTIVE');
    await cluster.waitForNormal(15_000);
    const items = makeItems('while-down', 10);
    await putItems(db(2), table, items);
    expect(await mismatches(db(0), table, items, true)).toEqual([]);
  });
});
