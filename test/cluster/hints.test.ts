/**
 * Hinted handoff across real processes: writes made while node 3 is killed succeed at QUORUM
 * and leave one hint each on their coordinator; once node 3 restarts, the hints are replayed
 * to it, so it alone serves every item - with no read in between, so no read repair helped.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, makeItems, mismatches, putItems } from '../support/cluster-items.js';

interface PendingHints {
  hostId: string;
  endpoint: string;
  up: boolean;
  totalHints: number;
  oldestMs: number;
  newestMs: number;
}

const ITEMS = 40;

describe('hinted handoff in a three-node cluster', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  let node3HostId: string;
  const whileDown = makeItems('hinted', ITEMS);
  const pendingOn = async (i: number) => (await cluster.nodetoolJson<{ targets: PendingHints[] }>(i, 'listpendinghints')).targets;

  beforeAll(async () => {
    cluster = await startCluster({ name: 'hints.test.ts', nodes: 3 });
    db = clientsFor(cluster);
    table = await createClusterTable(cluster, db, 'hints', 0);
    node3HostId = (await cluster.status(0)).find((e) => e.address === '127.0.0.3')!.hostId;
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('a node with nothing to hand off says so', async () => {
    expect(await cluster.nodetool(0, 'listpendinghints')).toBe('This node does not have any pending hints\n');
  });

  it('writes through node 1 while node 3 is down succeed and leave one hint each for node 3', async () => {
    await cluster.kill(2, 'SIGKILL');
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', 10_000);
    const before = Date.now();
    await putItems(db(0), table, whileDown);
    // Hints are stored after the client's answer; they are on disk moments later.
    const pending = await waitFor(async () => {
      const targets = await pendingOn(0);
      return targets.length === 1 && targets[0]!.totalHints === ITEMS ? targets : false;
    }, 10_000, `${ITEMS} hints for node 3 on node 1`);
    expect(pending[0]).toMatchObject({ hostId: node3HostId, endpoint: `127.0.0.3:${cluster.storagePort}`, up: false, totalHints: ITEMS });
    expect(pending[0]!.oldestMs).toBeGreaterThanOrEqual(before - 1000);
    expect(pending[0]!.newestMs).toBeGreaterThanOrEqual(pending[0]!.oldestMs);
    expect(await cluster.nodetool(0, 'listpendinghints')).toMatch(new RegExp(`^Host ID +Address .*\\n${node3HostId} +127\\.0\\.0\\.3:\\d+ +rack1 +datacenter1 +DOWN +${ITEMS} +1 `));
    // Node 2 coordinated none of these writes, so it holds no hints.
    expect(await pendingOn(1)).toEqual([]);
  }, 60_000);

  it('restarted node 3 receives the hints: waithints on node 1 ends with none left', async () => {
    await cluster.restart(2);
    const result = await cluster.nodetoolJson<{ delivered: number; remaining: number }>(0, 'waithints', '127.0.0.3', '--timeout', '15000');
    expect(result.remaining).toBe(0);
    expect(await pendingOn(0)).toEqual([]);
  }, 60_000);

  it('with nodes 1 and 2 killed, eventual reads through node 3 alone find every hinted item', async () => {
    await cluster.kill(0, 'SIGKILL');
    await cluster.kill(1, 'SIGKILL');
    expect(await mismatches(db(2), table, whileDown, false)).toEqual([]);
  }, 60_000);
});
