/**
 * kill -9 of one node of three: the other two keep serving writes and both kinds of reads,
 * mark it DN within seconds, and it comes back UN serving its data. With two of three down,
 * writes fail with a 500 that SDKs retry.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, getValue, makeItems, mismatches, putItems, type Items } from '../support/cluster-items.js';
import { errorOf } from '../support/index.js';

/** Gossip every 100 ms with phi 8 convicts after about 2 s of silence; 10 s leaves room for a busy machine. */
const DOWN_WITHIN_MS = 10_000;

describe('node failure in a three-node cluster', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  const before = makeItems('before', 30);
  const whileDown: Items = new Map();
  beforeAll(async () => {
    cluster = await startCluster({ name: 'node-failure.test.ts', nodes: 3 });
    db = clientsFor(cluster);
    table = await createClusterTable(cluster, db, 'failure', 0);
    await putItems(db(0), table, before);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('after kill -9 of node 3, nodes 1 and 2 keep serving writes and reads and mark it DN within 10 s', async () => {
    await cluster.kill(2, 'SIGKILL');
    const killedAt = Date.now();
    const markedDown = Promise.all([0, 1].map(async (i) => {
      await cluster.waitForStatus(i, '127.0.0.3', 'DN', DOWN_WITHIN_MS);
      return Date.now() - killedAt;
    }));
    for (const i of [0, 1]) {
      const items = makeItems(`down-via-${i}`, 20);
      await putItems(db(i), table, items);
      for (const [k, v] of items) whileDown.set(k, v);
      expect(await mismatches(db(i), table, before, true)).toEqual([]);
      expect(await mismatches(db(i), table, items, true)).toEqual([]);
      // Eventual reads must be answered; which replica answers is the coordinator's choice.
      await expect(getValue(db(i), table, 'before-0', false)).resolves.toBeDefined();
    }
    const delays = await markedDown;
    expect(delays.every((ms) => ms <= DOWN_WITHIN_MS)).toBe(true);
    // describecluster lists the dead node as Cassandra does: UNREACHABLE, the others on one version.
    const described = await cluster.nodetoolJson<{ schemaVersions: Record<string, { addresses: string[] }> }>(0, 'describecluster');
    expect(described.schemaVersions.UNREACHABLE?.addresses).toEqual(['127.0.0.3']);
    const reachable = Object.entries(described.schemaVersions).filter(([version]) => version !== 'UNREACHABLE');
    expect(reachable.map(([, v]) => [...v.addresses].sort())).toEqual([['127.0.0.1', '127.0.0.2']]);
  }, 60_000);

  it('a restarted node is UN on every node and serves the data, including writes made while it was down', async () => {
    await cluster.restart(2);
    for (const observer of [0, 1, 2]) await cluster.waitForStatus(observer, '127.0.0.3', 'UN', 20_000);
    await cluster.waitForNormal(20_000);
    expect(await mismatches(db(2), table, before, true)).toEqual([]);
    expect(await mismatches(db(2), table, whileDown, true)).toEqual([]);
    const after = makeItems('after-restart', 10);
    await putItems(db(2), table, after);
    expect(await mismatches(db(0), table, after, true)).toEqual([]);
  }, 60_000);

  it('with two of three nodes down a write fails with InternalServerError (HTTP 500)', async () => {
    await cluster.kill(1, 'SIGKILL');
    await cluster.kill(2, 'SIGKILL');
    const put = (pk: string) => db(0).send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: 'x' } } }));
    // Before the failure detector convicts them the replicas refuse connections...
    const early = await errorOf(() => put('two-down-early'));
    expect(early.name).toBe('InternalServerError');
    expect(early.$metadata?.httpStatusCode).toBe(500);
    // ...and once they are DN the coordinator knows up front that no quorum is alive.
    await cluster.waitForStatus(0, '127.0.0.2', 'DN', DOWN_WITHIN_MS);
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', DOWN_WITHIN_MS);
    const late = await errorOf(() => put('two-down-late'));
    expect(late.name).toBe('InternalServerError');
    expect(late.$metadata?.httpStatusCode).toBe(500);
  }, 60_000);

  it('the cluster recovers when both nodes restart', async () => {
    await cluster.restart(1);
    await cluster.restart(2);
    await cluster.waitForNormal(30_000);
    for (const i of [0, 1, 2]) expect(await mismatches(db(i), table, before, true)).toEqual([]);
  }, 90_000);
});
