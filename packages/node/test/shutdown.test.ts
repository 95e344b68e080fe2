/**
 * SIGTERM drains a node: a request in progress when the signal arrives is answered (and its
 * write kept), the process exits 0 well within the drain bound, and peers see it DN at once
 * from the gossiped shutdown. The failure detector is set so it never convicts in this test:
 * a DN seen here can only come from the announcement.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sleep, startCluster, type Cluster } from '../../../test/support/cluster.js';
import { clientsFor, createClusterTable, getValue } from '../../../test/support/cluster-items.js';

/** drain_timeout_in_ms's default: the bound a clean shutdown must stay well within. */
const DRAIN_BOUND_MS = 10_000;

interface SlowRequest {
  /** Sends the rest of the body. */
  finish(): void;
  response: Promise<{ status: number; connection: string | undefined; body: string }>;
}

/** A PutItem whose body is sent in two parts, so the node holds it in progress between them. */
function slowPutItem(endpoint: string, table: string, pk: string, value: string): SlowRequest {
  const body = Buffer.from(JSON.stringify({ TableName: table, Item: { pk: { S: pk }, v: { S: value } } }));
  const url = new URL(endpoint);
  const req = http.request({
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path: '/',
    agent: false,
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': 'DynamoDB_20120810.PutItem',
      'Content-Length': body.length,
    },
  });
  const response = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
    });
  });
  req.flushHeaders();
  req.write(body.subarray(0, 10));
  return { finish: () => req.end(body.subarray(10)), response };
}

describe('graceful shutdown on SIGTERM', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'shutdown.test.ts', nodes: 3, phiConvictThreshold: 1_000_000 });
    db = clientsFor(cluster);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('answers the request in progress, exits 0 within the bound and is DN on its peers at once', async () => {
    table = await createClusterTable(cluster, db, 'shutdown', 0);
    const slow = slowPutItem(cluster.node(1).endpoint, table, 'in-flight', 'kept');
    // The node has the request's headers and part of its body: it is in progress.
    await sleep(300);
    const signalledAt = Date.now();
    const exited = cluster.kill(1, 'SIGTERM');
    // The drain must wait for the rest of the body and answer it.
    await sleep(500);
    slow.finish();
    const answer = await slow.response;
    expect(answer.status, answer.body).toBe(200);
    expect(answer.connection).toBe('close');

    await exited;
    const tookMs = Date.now() - signalledAt;
    expect(tookMs).toBeLessThan(DRAIN_BOUND_MS);
    expect(readFileSync(cluster.node(1).logFile, 'utf8')).toMatch(/node2 exited \(code 0, signal null\)/);

    // No polling: by the time it exited, it had told its peers.
    for (const observer of [0, 2]) {
      const seen = (await cluster.status(observer)).find((e) => e.address === '127.0.0.2');
      expect(seen?.status, `as node${observer + 1} sees it`).toBe('DN');
    }
    expect(await getValue(db(0), table, 'in-flight', true)).toBe('kept');
  }, 60_000);

  it('comes back UN after a restart and serves the write it answered while draining', async () => {
    await cluster.restart(1);
    await cluster.waitForNormal(30_000);
    expect(await getValue(db(1), table, 'in-flight', true)).toBe('kept');
  }, 60_000);
});
