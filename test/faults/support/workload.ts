/**
 * Concurrent clients doing PutItem (unique values), DeleteItem and ConsistentRead GetItem on a
 * small key space, through every node's endpoint, recording everything in a History. Clients
 * never retry (maxAttempts 1) and give up after a short timeout, so each record is exactly one
 * request as the database saw it.
 */
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Cluster } from '../../support/cluster.js';
import { sleep } from '../../support/cluster.js';
import { testCredentials } from '../../support/endpoint.js';
import type { History, Outcome } from '../../support/history/index.js';
import { SeededRandom } from './seeded-random.js';
import { outcomeOfError } from './sdk-outcome.js';

export interface WorkloadOptions {
  cluster: Cluster;
  table: string;
  history: History;
  random: SeededRandom;
  clients?: number;
  keys?: number;
  /** Client-side timeout of one request. */
  requestTimeoutMs?: number;
}

export interface Workload {
  /** Stops issuing new operations and waits for the ones in flight. */
  stop(): Promise<void>;
}

export const keyName = (k: number): string => `k${k}`;

/** A client per node that never retries and times out on its own. */
export function faultClient(endpoint: string, requestTimeoutMs: number): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: testCredentials,
    maxAttempts: 1,
    // Without throwOnRequestTimeout the handler only logs a warning and keeps waiting.
    requestHandler: { requestTimeout: requestTimeoutMs, connectionTimeout: Math.min(1_000, requestTimeoutMs), throwOnRequestTimeout: true },
  });
}

/** Sends one request; the abort signal is a backstop should the handler's timeout not fire. */
export async function attempt(db: DynamoDBClient, command: PutItemCommand | DeleteItemCommand | GetItemCommand, timeoutMs: number): Promise<Outcome> {
  try {
    const res = await db.send(command as GetItemCommand, { abortSignal: AbortSignal.timeout(timeoutMs + 2_000) });
    if (command instanceof GetItemCommand) return { type: 'ok', value: res.Item?.v?.S ?? null };
    return { type: 'ok' };
  } catch (err) {
    return outcomeOfError(err);
  }
}

export function startWorkload(opts: WorkloadOptions): Workload {
  const clientCount = opts.clients ?? 6;
  const keyCount = opts.keys ?? 8;
  const timeoutMs = opts.requestTimeoutMs ?? 3_000;
  const nodes = opts.cluster.indices();
  const dbs = nodes.map((i) => faultClient(opts.cluster.node(i).endpoint, timeoutMs));
  let running = true;

  const client = async (c: number): Promise<void> => {
    const process = `c${c}`;
    // A per-client stream so that the schedule of one client does not depend on the others' pace.
    const random = new SeededRandom(opts.random.seed * 31 + c);
    let seq = 0;
    while (running) {
      const key = keyName(random.int(keyCount));
      const node = random.pick(nodes);
      const db = dbs[node]!;
      const dice = random.next();
      let outcome: Outcome;
      if (dice < 0.45) {
        const value = `${process}-${(seq += 1)}`;
        outcome = await opts.history.run(process, 'write', key, value, node, () =>
          attempt(db, new PutItemCommand({ TableName: opts.table, Item: { pk: { S: key }, v: { S: value } } }), timeoutMs),
        );
      } else if (dice < 0.55) {
        outcome = await opts.history.run(process, 'delete', key, null, node, () =>
          attempt(db, new DeleteItemCommand({ TableName: opts.table, Key: { pk: { S: key } } }), timeoutMs),
        );
      } else {
        outcome = await opts.history.run(process, 'read', key, null, node, () =>
          attempt(db, new GetItemCommand({ TableName: opts.table, Key: { pk: { S: key } }, ConsistentRead: true }), timeoutMs),
        );
      }
      // Think time keeps two cores for the nodes; a failure backs off so a dead endpoint is not hammered.
      await sleep(outcome.type === 'ok' ? random.between(5, 25) : random.between(100, 300));
    }
  };

  const done = Promise.all(Array.from({ length: clientCount }, (_, c) => client(c)));
  return {
    async stop() {
      running = false;
      await done;
      for (const db of dbs) db.destroy();
    },
  };
}

/**
 * ConsistentRead of every key through every running node, each recorded as process
 * `final-n<node>`; a read that errors is retried a few times so that every key gets read.
 */
export async function finalReads(opts: { cluster: Cluster; table: string; history: History; keys?: number }): Promise<void> {
  const timeoutMs = 5_000;
  const nodes = opts.cluster.indices().filter((i) => opts.cluster.node(i).running);
  await Promise.all(
    nodes.map(async (node) => {
      const db = faultClient(opts.cluster.node(node).endpoint, timeoutMs);
      try {
        for (let k = 0; k < (opts.keys ?? 8); k += 1) {
          const key = keyName(k);
          for (let tries = 0; tries < 5; tries += 1) {
            const outcome = await opts.history.run(`final-n${node + 1}`, 'read', key, null, node, () =>
              attempt(db, new GetItemCommand({ TableName: opts.table, Key: { pk: { S: key } }, ConsistentRead: true }), timeoutMs),
            );
            if (outcome.type === 'ok') break;
            await sleep(500);
          }
        }
      } finally {
        db.destroy();
      }
    }),
  );
}
