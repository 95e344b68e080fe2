/**
 * nodetool removenode: a dead node's ranges are re-replicated from the surviving replicas and
 * it leaves the ring on every node; a live node cannot be removed that way.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, makeItems, mismatches, putItems } from '../support/cluster-items.js';

describe('nodetool removenode', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  const items = makeItems('removenode', 40);
  beforeAll(async () => {
    cluster = await startCluster({ name: 'removenode.test.ts', nodes: 4 });
    db = clientsFor(cluster);
    table = await createClusterTable(cluster, db, 'removenode', 0);
    await putItems(db(0), table, items);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('refuses to remove a live node', async () => {
    const live = (await cluster.status(0)).find((e) => e.address === '127.0.0.2')!;
    await expect(cluster.nodetool(0, 'removenode', live.hostId)).rejects.toThrow(/is alive/);
  });

  it('re-replicates a dead node and drops it from the ring on every node', async () => {
    const dead = (await cluster.status(0)).find((e) => e.address === '127.0.0.4')!;
    await cluster.kill(3, 'SIGKILL');
    await cluster.waitForStatus(0, '127.0.0.4', 'DN', 15_000);
    await cluster.nodetool(0, 'removenode', dead.hostId);
    for (const i of [0, 1, 2]) await cluster.waitForStatus(i, '127.0.0.4', 'absent', 15_000);
    // Each key is on three of the remaining three nodes again: any two of them form a quorum.
    await cluster.kill(2, 'SIGKILL');
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', 15_000);
    expect(await mismatches(db(0), table, items, true)).toEqual([]);
    expect(await mismatches(db(1), table, items, false)).toEqual([]);
  });
});
