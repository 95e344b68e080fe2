/**
 * A node that stops answering without closing its connections (SIGSTOP: a long GC pause, a hung
 * VM) must not hold requests through the other nodes beyond the request timeouts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, getValue, makeItems, mismatches, putItems, type Items } from '../support/cluster-items.js';

const TIMEOUT_MS = 2_000;
/** Time for the client, the HTTP hop and a loaded two-core machine on top of the timeout. */
const SLACK_MS = 1_000;

describe('a paused node', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  const before = makeItems('before', 20);
  const duringPause: Items = new Map();
  beforeAll(async () => {
    cluster = await startCluster({ name: 'pause.test.ts', nodes: 3, writeRequestTimeoutMs: TIMEOUT_MS, readRequestTimeoutMs: TIMEOUT_MS });
    db = clientsFor(cluster);
    table = await createClusterTable(cluster, db, 'pause', 0);
    await putItems(db(0), table, before);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('does not stall requests through the other nodes beyond the timeout, and writes succeed', async () => {
    cluster.pause(2);
    const slow: string[] = [];
    const failedWrites: string[] = [];
    const timed = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
      const started = Date.now();
      let ok = true;
      try {
        await fn();
      } catch {
        ok = false;
      }
      const ms = Date.now() - started;
      if (ms > TIMEOUT_MS + SLACK_MS) slow.push(`${what} took ${ms} ms`);
      return ok;
    };
    // Covers the window before the failure detector convicts the node and some time after.
    const until = Date.now() + 6_000;
    for (let round = 0; Date.now() < until; round += 1) {
      const via = round % 2;
      const pk = `paused-${round}`;
      const wrote = await timed(`PutItem ${pk} via node ${via + 1}`, () => putItems(db(via), table, new Map([[pk, `value of ${pk}`]])));
      if (wrote) duringPause.set(pk, `value of ${pk}`);
      else failedWrites.push(pk);
      await timed(`ConsistentRead GetItem via node ${via + 1}`, () => getValue(db(via), table, `before-${round % 20}`, true));
      await timed(`eventual GetItem via node ${via + 1}`, () => getValue(db(via), table, `before-${round % 20}`, false));
    }
    expect(slow).toEqual([]);
    expect(failedWrites).toEqual([]);
  }, 60_000);

  it('once it is DN, ConsistentRead and eventual reads through the other nodes succeed', async () => {
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', 10_000);
    await cluster.waitForStatus(1, '127.0.0.3', 'DN', 10_000);
    for (const i of [0, 1]) {
      expect(await mismatches(db(i), table, before, true)).toEqual([]);
      expect(await mismatches(db(i), table, duringPause, true)).toEqual([]);
      for (const pk of ['before-0', 'before-1', 'before-2']) await expect(getValue(db(i), table, pk, false)).resolves.toBeDefined();
    }
  }, 60_000);

  it('after SIGCONT it is UN again and serves what was written during the pause', async () => {
    cluster.resume(2);
    for (const observer of [0, 1, 2]) await cluster.waitForStatus(observer, '127.0.0.3', 'UN', 20_000);
    expect(await mismatches(db(2), table, duringPause, true)).toEqual([]);
    expect(await mismatches(db(2), table, before, true)).toEqual([]);
  }, 60_000);
});
