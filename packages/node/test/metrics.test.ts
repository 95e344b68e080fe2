/**
 * GET /metrics on a node of a three-node cluster after a few requests: the request, error and
 * replica RPC series count exactly what was sent, and the gauges show what nodetool shows.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../test/support/cluster.js';
import { clientsFor, createClusterTable } from '../../../test/support/cluster-items.js';
import { errorOf } from '../../../test/support/index.js';

/** Samples of a Prometheus text exposition, keyed by name and labels sorted by label name. */
function parseSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = (match[2] ?? '').match(/[a-z_]+="[^"]*"/g) ?? [];
    samples.set(`${match[1]}{${labels.sort().join(',')}}`, Number(match[3]));
  }
  return samples;
}

interface Info {
  loadBytes: number;
  uptimeSeconds: number;
}

describe('GET /metrics', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'metrics.test.ts', nodes: 3 });
    db = clientsFor(cluster);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('counts requests, latencies, errors and replica RPCs, and shows the gauges nodetool shows', async () => {
    const table = await createClusterTable(cluster, db, 'metrics', 1);
    for (let k = 0; k < 5; k += 1) {
      await db(0).send(new PutItemCommand({ TableName: table, Item: { pk: { S: `k${k}` }, v: { S: 'x' } } }));
    }
    for (let k = 0; k < 3; k += 1) {
      await db(0).send(new GetItemCommand({ TableName: table, Key: { pk: { S: `k${k}` } }, ConsistentRead: true }));
    }
    const missing = await errorOf(() => db(0).send(new GetItemCommand({ TableName: 'no-such-table', Key: { pk: { S: 'k' } } })));
    expect(missing.name).toBe('ResourceNotFoundException');

    const before = await cluster.nodetoolJson<Info>(0, 'info');
    const res = await fetch(`${cluster.node(0).endpoint}/metrics`);
    const after = await cluster.nodetoolJson<Info>(0, 'info');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const s = parseSamples(await res.text());

    expect(s.get('dynaring_requests_total{operation="PutItem"}')).toBe(5);
    expect(s.get('dynaring_requests_total{operation="GetItem"}')).toBe(4);
    expect(s.get('dynaring_request_duration_seconds_count{operation="PutItem"}')).toBe(5);
    expect(s.get('dynaring_request_duration_seconds_bucket{le="+Inf",operation="GetItem"}')).toBe(4);
    expect(s.get('dynaring_request_duration_seconds_sum{operation="PutItem"}')).toBeGreaterThan(0);
    expect(s.get('dynaring_request_errors_total{error="ResourceNotFoundException",operation="GetItem"}')).toBe(1);
    expect(s.has('dynaring_request_errors_total{error="ResourceNotFoundException",operation="PutItem"}')).toBe(false);
    // The table was created through the other node, so this one has served no CreateTable.
    expect(s.has('dynaring_requests_total{operation="CreateTable"}')).toBe(false);

    // Three replicas: every write goes to both peers, and a ConsistentRead asks a quorum (two),
    // at least one of them a peer.
    expect(s.get('dynaring_replica_rpc_duration_seconds_count{kind="apply"}')).toBeGreaterThanOrEqual(10);
    const reads = (s.get('dynaring_replica_rpc_duration_seconds_count{kind="read"}') ?? 0) + (s.get('dynaring_replica_rpc_duration_seconds_count{kind="digest"}') ?? 0);
    expect(reads).toBeGreaterThanOrEqual(3);

    expect(s.get('dynaring_gossip_live_nodes{}')).toBe(3);
    expect(s.get('dynaring_gossip_down_nodes{}')).toBe(0);
    expect(s.get('dynaring_hints_pending{}')).toBe(0);
    expect(s.get('dynaring_index_outbox_entries{}')).toBe(0);
    expect([before.loadBytes, after.loadBytes]).toContain(s.get('dynaring_storage_load_bytes{}'));
    expect(s.get('dynaring_storage_load_bytes{}')).toBeGreaterThan(0);
    expect(s.get('dynaring_uptime_seconds{}')).toBeGreaterThanOrEqual(before.uptimeSeconds);
    expect(s.get('dynaring_uptime_seconds{}')).toBeLessThanOrEqual(after.uptimeSeconds);

    // prom-client's default process metrics.
    expect(s.get('process_cpu_user_seconds_total{}')).toBeGreaterThan(0);
    expect(s.has('nodejs_eventloop_lag_seconds{}')).toBe(true);
  }, 60_000);

  it('shows a down peer in the gossip gauges', async () => {
    await cluster.kill(2, 'SIGKILL');
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', 15_000);
    const s = parseSamples(await (await fetch(`${cluster.node(0).endpoint}/metrics`)).text());
    expect(s.get('dynaring_gossip_live_nodes{}')).toBe(2);
    expect(s.get('dynaring_gossip_down_nodes{}')).toBe(1);
  }, 30_000);
});
