/**
 * Lightweight transactions across coordinators: clients on every node of a three-node RF=3
 * cluster increment one counter, while a node is killed (-9) and restarted, or paused
 * (SIGSTOP: it holds its connections and answers nothing) and resumed. Every operation
 * is recorded Jepsen-style (ok, fail, unknown) and the history must be linearizable for a
 * compare-and-set register; the final value must lie between what was acknowledged and that
 * plus what is unknown.
 */
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  TagResourceCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkRegisterHistory, type RegisterOperation } from '../../packages/paxos/test/support/linearizability.js';
import { sleep, startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable } from '../support/cluster-items.js';

const NODES = 3;
const WORKERS_PER_NODE = 2;
const KEY = { pk: { S: 'counter' } };

/** A request that never reached a node (it was down) changed nothing and is not recorded. */
function neverSent(err: unknown): boolean {
  const text = `${(err as { code?: string }).code ?? ''} ${(err as Error).message ?? ''}`;
  return /ECONNREFUSED|EHOSTUNREACH/.test(text);
}

function counterOf(item: Record<string, { N?: string }> | undefined): number {
  return Number(item?.n?.N ?? Number.NaN);
}

interface Run {
  history: RegisterOperation[];
  acked: number;
  unknown: number;
  /** Operations acknowledged while a node was down (killed or paused). */
  ackedWhileDown: number;
}

/**
 * Runs `workers` clients until `stop` resolves; each loops over `op`, which says how its
 * attempt ended. Outcomes go to `run`; a client whose node is down waits and tries again.
 */
async function drive(
  db: (i: number) => DynamoDBClient,
  stopAtMs: number,
  isDown: () => boolean,
  op: (client: DynamoDBClient, process: string, run: Run) => Promise<void>,
): Promise<Run> {
  const run: Run = { history: [], acked: 0, unknown: 0, ackedWhileDown: 0 };
  await Promise.all(
    Array.from({ length: NODES * WORKERS_PER_NODE }, async (_, w) => {
      const node = w % NODES;
      while (Date.now() < stopAtMs) {
        try {
          await op(db(node), `w${w}@node${node + 1}`, run);
        } catch (err) {
          if (!neverSent(err)) throw err;
          await sleep(200);
        }
        if (isDown()) await sleep(5);
      }
    }),
  );
  return run;
}

/**
 * One client step on the counter: a quorum read, then a conditional write of the value read
 * plus one. Both are recorded for the linearizability check; the write as ok, fail (condition
 * failed) or unknown (anything else: it may still take effect).
 */
function casIncrement(table: string, isDown: () => boolean) {
  return async (client: DynamoDBClient, process: string, run: Run): Promise<void> => {
    // The expected value comes from a quorum read; the read is recorded too.
    const readAt = Date.now();
    let old: number;
    try {
      const got = await client.send(new GetItemCommand({ TableName: table, Key: KEY, ConsistentRead: true }));
      old = counterOf(got.Item as Record<string, { N?: string }>);
      run.history.push({ f: 'read', value: old, invokedAt: readAt, completedAt: Date.now(), outcome: 'ok', process });
    } catch (err) {
      if (neverSent(err)) throw err;
      return; // a failed read tells nothing and changes nothing
    }
    const invokedAt = Date.now();
    const record = (outcome: 'ok' | 'fail' | 'unknown'): void =>
      void run.history.push({ f: 'cas', expected: old, value: old + 1, invokedAt, completedAt: Date.now(), outcome, process });
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: KEY,
          UpdateExpression: 'SET n = :new',
          ConditionExpression: 'n = :old',
          ExpressionAttributeValues: { ':old': { N: String(old) }, ':new': { N: String(old + 1) } },
        }),
      );
      record('ok');
      run.acked++;
      if (isDown()) run.ackedWhileDown++;
    } catch (err) {
      if (neverSent(err)) throw err;
      if ((err as Error).name === 'ConditionalCheckFailedException') {
        record('fail');
      } else {
        record('unknown');
        run.unknown++;
      }
    }
  };
}

describe('LWT in a three-node cluster', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'lwt-counter.test.ts', nodes: NODES });
    db = clientsFor(cluster);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('keeps conditional increments linearizable while a node is killed and restarted', async () => {
    const table = await createClusterTable(cluster, db, 'lwt-cas', 0);
    await db(0).send(new PutItemCommand({ TableName: table, Item: { ...KEY, n: { N: '0' } } }));
    let down = false;
    const stopAtMs = Date.now() + 24_000;

    const workload = drive(db, stopAtMs, () => down, casIncrement(table, () => down));

    await sleep(7_000);
    await cluster.kill(2, 'SIGKILL');
    down = true;
    // One replica down: an LWT through a surviving node goes on working at once.
    await db(0).send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: 'while-down' } }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    await sleep(5_000);
    await cluster.restart(2);
    down = false;
    const run = await workload;

    const final = counterOf((await db(0).send(new GetItemCommand({ TableName: table, Key: KEY, ConsistentRead: true }))).Item as Record<string, { N?: string }>);
    const cas = run.history.filter((o) => o.f === 'cas');
    console.log(
      `lwt-counter: ${cas.length} cas (${run.acked} ok, ${cas.filter((o) => o.outcome === 'fail').length} failed, ${run.unknown} unknown), ` +
        `${run.ackedWhileDown} ok while a node was down, final ${final}`,
    );
    expect(run.acked).toBeGreaterThan(20);
    expect(run.ackedWhileDown).toBeGreaterThan(0);
    expect(final).toBeGreaterThanOrEqual(run.acked);
    expect(final).toBeLessThanOrEqual(run.acked + run.unknown);
    const check = checkRegisterHistory(run.history, 0);
    expect(check.linearizable, JSON.stringify(check)).toBe(true);
  }, 110_000);

  it('keeps conditional increments linearizable and going through the others while a replica is paused', async () => {
    const table = await createClusterTable(cluster, db, 'lwt-pause', 1);
    await db(1).send(new PutItemCommand({ TableName: table, Item: { ...KEY, n: { N: '0' } } }));
    let paused = false;
    const stopAtMs = Date.now() + 16_000;
    const workload = drive(db, stopAtMs, () => paused, casIncrement(table, () => paused));

    await sleep(4_000);
    cluster.pause(2);
    paused = true;
    try {
      // Unlike a killed node, a paused one is not refused at once: until the failure detector
      // convicts it, its messages time out, and only a quorum of the others may answer.
      await sleep(7_000);
    } finally {
      cluster.resume(2);
      paused = false;
    }
    const run = await workload;

    const final = counterOf((await db(0).send(new GetItemCommand({ TableName: table, Key: KEY, ConsistentRead: true }))).Item as Record<string, { N?: string }>);
    const cas = run.history.filter((o) => o.f === 'cas');
    console.log(
      `lwt-pause: ${cas.length} cas (${run.acked} ok, ${cas.filter((o) => o.outcome === 'fail').length} failed, ${run.unknown} unknown), ` +
        `${run.ackedWhileDown} ok while a node was paused, final ${final}`,
    );
    expect(run.acked).toBeGreaterThan(20);
    expect(run.ackedWhileDown).toBeGreaterThan(10);
    expect(final).toBeGreaterThanOrEqual(run.acked);
    expect(final).toBeLessThanOrEqual(run.acked + run.unknown);
    const check = checkRegisterHistory(run.history, 0);
    expect(check.linearizable, JSON.stringify(check)).toBe(true);
  }, 60_000);

  it('counts every acknowledged SET n = n + :one under always_use_lwt set by a table tag, through a node kill', async () => {
    const table = await createClusterTable(cluster, db, 'lwt-always', 1);
    const arn = (await db(1).send(new DescribeTableCommand({ TableName: table }))).Table!.TableArn!;
    await db(1).send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'system:write_isolation', Value: 'always_use_lwt' }] }));
    // Plain writes now go through Paxos as well: a put without condition and a batch.
    await db(2).send(new PutItemCommand({ TableName: table, Item: { ...KEY, n: { N: '0' } } }));
    await db(0).send(
      new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { pk: { S: 'b1' } } } }, { PutRequest: { Item: { pk: { S: 'b2' } } } }] } }),
    );
    let down = false;
    const stopAtMs = Date.now() + 16_000;
    const workload = drive(db, stopAtMs, () => down, async (client, _process, r) => {
      try {
        await client.send(
          new UpdateItemCommand({ TableName: table, Key: KEY, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': { N: '1' } } }),
        );
        r.acked++;
        if (down) r.ackedWhileDown++;
      } catch (err) {
        if (neverSent(err)) throw err;
        r.unknown++;
      }
    });
    await sleep(4_000);
    await cluster.kill(1, 'SIGKILL');
    down = true;
    await sleep(4_000);
    await cluster.restart(1);
    down = false;
    const run = await workload;
    const final = counterOf((await db(2).send(new GetItemCommand({ TableName: table, Key: KEY, ConsistentRead: true }))).Item as Record<string, { N?: string }>);
    console.log(`lwt-always: ${run.acked} ok (${run.ackedWhileDown} while node 2 was down), ${run.unknown} unknown, final ${final}`);
    expect(run.acked).toBeGreaterThan(20);
    expect(run.ackedWhileDown).toBeGreaterThan(0);
    expect(final).toBeGreaterThanOrEqual(run.acked);
    expect(final).toBeLessThanOrEqual(run.acked + run.unknown);
    for (const pk of ['b1', 'b2']) {
      expect((await db(1).send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item).toEqual({ pk: { S: pk } });
    }
  }, 90_000);
});
