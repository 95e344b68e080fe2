/**
 * A rolling restart of a three-node cluster under load: SDK clients keep writing new items and
 * reading acknowledged ones back with ConsistentRead through every node while each node in
 * turn gets SIGTERM and is started again. Every write a client saw acknowledged must be
 * readable at the end, no ConsistentRead may miss one, and each node must drain and exit 0.
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sleep, startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable } from '../support/cluster-items.js';
import { testCredentials } from '../support/endpoint.js';

const TEST_BOUND_MS = 120_000;
const WRITERS = 4;
const READERS = 2;

/** A client as applications use one: the SDK's own retries (which a draining node's 503 asks for), bounded waits. */
function appClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: testCredentials,
    maxAttempts: 3,
    requestHandler: { requestTimeout: 5_000, connectionTimeout: 1_000, throwOnRequestTimeout: true },
  });
}

interface Acked {
  pk: string;
  value: string;
}

describe('rolling restart of a three-node cluster', () => {
  let cluster: Cluster;
  let table: string;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'rolling-restart.test.ts', nodes: 3 });
    table = await createClusterTable(cluster, clientsFor(cluster), 'rolling', 0);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it(
    'loses no acknowledged write while each node in turn is restarted with SIGTERM',
    async () => {
      const started = Date.now();
      const dbs = cluster.indices().map((i) => appClient(cluster.node(i).endpoint));
      const acked: Acked[] = [];
      const missedReads: string[] = [];
      const counts = { writeErrors: 0, reads: 0, readErrors: 0, ackedWhileRestarting: 0 };
      let restarting = false;
      let running = true;
      const pickNode = () => Math.floor(Math.random() * dbs.length);

      const writer = async (c: number) => {
        for (let seq = 0; running; seq += 1) {
          const pk = `w${c}-${seq}`;
          const value = `value of ${pk}`;
          try {
            await dbs[pickNode()]!.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: value } } }));
            acked.push({ pk, value });
            if (restarting) counts.ackedWhileRestarting += 1;
          } catch {
            // Not acknowledged: the write may or may not have happened, and is not checked.
            counts.writeErrors += 1;
            await sleep(100);
          }
          await sleep(10);
        }
      };
      const reader = async () => {
        while (running) {
          // Acknowledged before this read began, so a ConsistentRead must see it.
          const item = acked[Math.floor(Math.random() * acked.length)];
          if (item === undefined) {
            await sleep(20);
            continue;
          }
          try {
            const res = await dbs[pickNode()]!.send(new GetItemCommand({ TableName: table, Key: { pk: { S: item.pk } }, ConsistentRead: true }));
            counts.reads += 1;
            if (res.Item?.v?.S !== item.value) missedReads.push(`${item.pk}: read ${res.Item?.v?.S ?? 'nothing'}`);
          } catch {
            counts.readErrors += 1;
            await sleep(100);
          }
          await sleep(10);
        }
      };
      const workload = Promise.all([...Array.from({ length: WRITERS }, (_, c) => writer(c)), ...Array.from({ length: READERS }, () => reader())]);

      await sleep(1_000);
      for (const i of cluster.indices()) {
        const ackedBefore = acked.length;
        restarting = true;
        await cluster.restart(i);
        restarting = false;
        await cluster.waitForNormal(30_000);
        const exits = readFileSync(cluster.node(i).logFile, 'utf8').match(/node\d+ exited \(code [^)]*\)/g) ?? [];
        expect(exits, `node${i + 1}'s exit after SIGTERM`).toEqual([`node${i + 1} exited (code 0, signal null)`]);
        // The cluster kept taking writes through the restart.
        await sleep(1_000);
        expect(acked.length, `writes acknowledged around node${i + 1}'s restart`).toBeGreaterThan(ackedBefore);
      }
      running = false;
      await workload;

      const lost: string[] = [];
      const check = async (from: number) => {
        for (let k = from; k < acked.length; k += 8) {
          const { pk, value } = acked[k]!;
          const res = await dbs[k % dbs.length]!.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
          if (res.Item?.v?.S !== value) lost.push(`${pk}: read ${res.Item?.v?.S ?? 'nothing'}`);
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, from) => check(from)));
      for (const db of dbs) db.destroy();

      process.stderr.write(`rolling restart: ${acked.length} writes acknowledged (${counts.ackedWhileRestarting} during restarts), ` +
        `${counts.writeErrors} failed; ${counts.reads} ConsistentReads, ${counts.readErrors} failed; ${Date.now() - started} ms\n`);
      expect(missedReads).toEqual([]);
      expect(lost).toEqual([]);
      expect(counts.ackedWhileRestarting).toBeGreaterThan(0);
      expect(counts.reads).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(TEST_BOUND_MS);
    },
    TEST_BOUND_MS + 30_000,
  );
});
