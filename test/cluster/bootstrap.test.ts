/**
 * A fourth node bootstraps into a three-node cluster: it shows UJ, then UN everywhere, and every
 * item written before (and during) the join is readable at QUORUM through every node.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEndpoints, startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, makeItems, mismatches, putItems, type Items } from '../support/cluster-items.js';

describe('a fourth node joining', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  const before = makeItems('before', 150);
  const duringJoin: Items = new Map();
  beforeAll(async () => {
    // A longer ring delay keeps the joining state visible for several nodetool polls.
    cluster = await startCluster({ name: 'bootstrap.test.ts', nodes: 3, ringDelayMs: 3_000 });
    db = clientsFor(cluster);
    table = await createClusterTable(cluster, db, 'bootstrap', 0);
    await putItems(db(0), table, before);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('shows UJ while joining, accepts writes meanwhile, then is UN on every node', async () => {
    const added = await cluster.addNode({ waitReady: false });
    expect(cluster.node(added).address).toBe('127.0.0.4');
    await cluster.waitForStatus(0, '127.0.0.4', 'UJ', 30_000);
    const items = makeItems('during-join', 30);
    await putItems(db(1), table, items);
    for (const [k, v] of items) duringJoin.set(k, v);
    await cluster.node(added).ready;
    await cluster.waitForNormal(60_000);
  }, 100_000);

  it('every item is readable at QUORUM through every node, the new one included', async () => {
    for (const i of [0, 1, 2, 3]) {
      expect(await mismatches(db(i), table, before, true)).toEqual([]);
      expect(await mismatches(db(i), table, duringJoin, true)).toEqual([]);
    }
  }, 60_000);

  it('nodetool getendpoints gives three distinct replicas per key, the new node among them for some', async () => {
    const keys = [...before.keys()].slice(0, 16);
    const replicaSets = await Promise.all(keys.map(async (key) => parseEndpoints(await cluster.nodetool(0, 'getendpoints', table, key))));
    for (const endpoints of replicaSets) {
      expect(endpoints).toHaveLength(3);
      expect(new Set(endpoints).size).toBe(3);
    }
    expect(replicaSets.filter((e) => e.includes('127.0.0.4')).length).toBeGreaterThan(0);
    // Every node places a key on the same replicas.
    expect(parseEndpoints(await cluster.nodetool(3, 'getendpoints', table, keys[0]!))).toEqual(replicaSets[0]);
  }, 60_000);

  it('after nodetool cleanup on the original nodes every item is still readable at QUORUM through every node', async () => {
    for (const i of [0, 1, 2]) await cluster.nodetool(i, 'cleanup');
    for (const i of [0, 1, 2, 3]) expect(await mismatches(db(i), table, before, true)).toEqual([]);
  }, 90_000);

  it('with two original nodes down, eventual reads through the new node find every item', async () => {
    // Every key has three of the four nodes as replicas, so node 3 or the new node holds each;
    // for keys placed on the new node and the two killed ones, only its streamed copy is left.
    await cluster.kill(0);
    await cluster.kill(1);
    await cluster.waitForStatus(3, '127.0.0.1', 'DN', 15_000);
    await cluster.waitForStatus(3, '127.0.0.2', 'DN', 15_000);
    expect(await mismatches(db(3), table, before, false)).toEqual([]);
    expect(await mismatches(db(3), table, duringJoin, false)).toEqual([]);
  }, 60_000);
});
