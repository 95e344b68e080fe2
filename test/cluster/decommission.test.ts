/**
 * `nodetool decommission` on one node of four: it shows UL, streams its data away and leaves the
 * ring, and every item stays readable at QUORUM through the remaining nodes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEndpoints, startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, makeItems, mismatches, putItems } from '../support/cluster-items.js';

describe('decommissioning a node', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  const items = makeItems('item', 150);
  beforeAll(async () => {
    // A longer ring delay keeps the leaving state visible for several nodetool polls.
    cluster = await startCluster({ name: 'decommission.test.ts', nodes: 4, ringDelayMs: 3_000 });
    db = clientsFor(cluster);
    table = await createClusterTable(cluster, db, 'decommission', 0);
    await putItems(db(0), table, items);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('shows UL while leaving, then disappears from nodetool status on every remaining node', async () => {
    const decommission = cluster.nodetool(3, 'decommission');
    decommission.catch(() => {});
    await cluster.waitForStatus(0, '127.0.0.4', 'UL', 30_000);
    await decommission;
    for (const observer of [0, 1, 2]) await cluster.waitForStatus(observer, '127.0.0.4', 'absent', 30_000);
  }, 100_000);

  it('every item is readable at QUORUM through the remaining nodes once the node is gone', async () => {
    // Whatever the decommissioned process still holds must not be what answers.
    if (cluster.node(3).running) await cluster.kill(3);
    for (const i of [0, 1, 2]) expect(await mismatches(db(i), table, items, true)).toEqual([]);
  }, 60_000);

  it('nodetool getendpoints places keys on three remaining nodes only', async () => {
    for (const key of [...items.keys()].slice(0, 8)) {
      const endpoints = parseEndpoints(await cluster.nodetool(0, 'getendpoints', table, key));
      expect(endpoints.sort()).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    }
  }, 60_000);

  it('with two of the remaining nodes down, eventual reads through the third find every item', async () => {
    // RF 3 on three nodes puts every item on each, so node 1 alone must hold all of them,
    // including those it received when the decommissioned node streamed its ranges away.
    await cluster.kill(1);
    await cluster.kill(2);
    await cluster.waitForStatus(0, '127.0.0.2', 'DN', 15_000);
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', 15_000);
    expect(await mismatches(db(0), table, items, false)).toEqual([]);
  }, 60_000);
});
