/**
 * The harness itself: addresses and ports, pause and resume, restart on the same data dir,
 * a node added on the next address, and cleanup.
 */
import { existsSync } from 'node:fs';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, sleep, type Cluster } from '../support/cluster.js';
import { client, createTable } from '../support/index.js';

describe('cluster harness', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'harness.test.ts' });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('starts node i on 127.0.0.(i+1) with one port pair shared by every address', async () => {
    expect([0, 1, 2].map((i) => cluster.node(i).endpoint)).toEqual([1, 2, 3].map((n) => `http://127.0.0.${n}:${cluster.alternatorPort}`));
    for (const i of [0, 1, 2]) {
      const res = await fetch(`${cluster.node(i).endpoint}/`);
      expect(await res.text()).toBe(`healthy: 127.0.0.${i + 1}:${cluster.alternatorPort}`);
    }
  });

  it('a paused node stops answering and answers again after resume', async () => {
    cluster.pause(1);
    const stalled = await Promise.race([fetch(`${cluster.node(1).endpoint}/`).then(() => 'answered'), sleep(500).then(() => 'stalled')]);
    expect(stalled).toBe('stalled');
    cluster.resume(1);
    const res = await fetch(`${cluster.node(1).endpoint}/`, { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
  });

  it('restarts a killed node on the same data dir and port', async () => {
    const db = client(cluster.node(2).endpoint);
    const table = await createTable(db, 'harness', { hash: ['pk', 'S'] });
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'k' }, v: { S: 'before kill' } } }));
    const oldPid = cluster.node(2).pid;
    await cluster.kill(2);
    expect(cluster.node(2).running).toBe(false);
    await cluster.restart(2);
    expect(cluster.node(2).pid).not.toBe(oldPid);
    // A restarted node serves quorum reads once it sees its peers up again.
    await cluster.waitForNormal(20_000);
    const res = await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'k' } }, ConsistentRead: true }));
    expect(res.Item?.v?.S).toBe('before kill');
    db.destroy();
  }, 60_000);

  it('adds a node on the next address', async () => {
    const i = await cluster.addNode();
    expect(cluster.node(i).address).toBe('127.0.0.4');
    expect((await fetch(`${cluster.node(i).endpoint}/`)).status).toBe(200);
    await cluster.waitForNormal(30_000);
  }, 60_000);

  it('stop kills every node and removes the data dirs', async () => {
    const dirs = cluster.indices().map((i) => cluster.node(i).dataDir);
    await cluster.stop();
    expect(cluster.indices().map((i) => cluster.node(i).running)).toEqual([false, false, false, false]);
    expect(dirs.filter((d) => existsSync(d))).toEqual([]);
  });
});
