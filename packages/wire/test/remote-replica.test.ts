import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError, type AttributeMap, type Mutation, type Row } from '@dynaring/core';
import {
  addReplicaService,
  FORWARDED_ERROR_CODES,
  createGrpcServer,
  RemoteReplica,
  startGrpcServer,
  stopGrpcServer,
  type GrpcServer,
} from '@dynaring/wire';
import { FakeReplica } from './fake-replica.js';
import { PeerChannel } from '../src/peer-channel.js';
import { ReplicaStream } from '../src/replica-stream.js';
import { loadProtos, rpcMethod } from '../src/load-protos.js';
import { mutationToJson } from '../src/replica-json.js';
import { unusedPort } from './free-port.js';

const MIN_TOKEN = -(2n ** 63n);
const MAX_TOKEN = 2n ** 63n - 1n;
const TS = 1_700_000_000_123_456;

const EVERY_TYPE: AttributeMap = {
  s: { S: 'héllo \u0000 "quoted" 🎉' },
  n: { N: '-12345678901234567890.123456789' },
  b: { B: 'AAEC/w==' },
  t: { BOOL: true },
  f: { BOOL: false },
  nul: { NULL: true },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '1E+100'] },
  bs: { BS: ['AA==', 'AQ=='] },
  l: { L: [{ S: 'x' }, { L: [] }, { M: {} }, { NULL: true }] },
  m: { M: { inner: { M: { deep: { NS: ['0.5'] } } }, '': { S: 'empty name' } } },
};

function mutation(token: bigint, extra: Partial<Mutation> = {}): Mutation {
  const cells: Mutation['cells'] = Object.create(null);
  for (const [name, value] of Object.entries(EVERY_TYPE)) cells[name] = { value, timestampMicros: TS };
  cells.removed = { value: null, timestampMicros: TS };
  return { tableId: 'tbl-1', token, key: { hash: { S: 'h' }, range: { N: '42' } }, cells, itemTombstoneMicros: -1, ...extra };
}

describe('RemoteReplica', () => {
  let server: GrpcServer;
  let fake: FakeReplica;
  let remote: RemoteReplica;
  let address: string;

  beforeAll(async () => {
    server = createGrpcServer();
    fake = new FakeReplica();
    addReplicaService(server, fake);
    const port = await startGrpcServer(server, '127.0.0.1', 0);
    address = `127.0.0.1:${port}`;
    remote = new RemoteReplica(address);
  });

  afterEach(() => {
    fake.failWith = undefined;
    fake.hang = false;
  });

  afterAll(async () => {
    remote.close();
    await stopGrpcServer(server, 100);
  });

  it('applies a mutation at the minimum token with every attribute type and a cell tombstone', async () => {
    const m = mutation(MIN_TOKEN);
    await remote.apply(m);
    expect(fake.applied.at(-1)).toEqual(m);
    expect(fake.applied.at(-1)!.token).toBe(MIN_TOKEN);
    expect(fake.applied.at(-1)!.cells.removed).toEqual({ value: null, timestampMicros: TS });
    expect(fake.applied.at(-1)!.itemTombstoneMicros).toBe(-1);
  });

  it('still applies the JSON batches that nodes sent before "apply-records"', async () => {
    const channel = new PeerChannel(address);
    const stream = new ReplicaStream(channel, rpcMethod(loadProtos().replica, 'Exchange'));
    try {
      const m = mutation(5n, { itemTombstoneMicros: TS - 1 });
      const reply = await stream.exchange({ kind: 'apply', json: JSON.stringify([mutationToJson(m)]) }, 2000);
      expect(reply.json).toBe('[null]');
      expect(fake.applied.at(-1)).toEqual(m);
    } finally {
      stream.close();
      channel.close();
    }
  });

  it('reads back a record at the maximum token exactly', async () => {
    const m = mutation(MAX_TOKEN, { key: { hash: { B: 'qg==' } }, itemTombstoneMicros: TS - 1 });
    await remote.apply(m);
    const record = await remote.read('tbl-1', MAX_TOKEN, { hash: { B: 'qg==' } });
    expect(record).toEqual({ cells: m.cells, tombstoneMicros: TS - 1 });
  });

  it('reads a missing item as null', async () => {
    expect(await remote.read('tbl-1', 0n, { hash: { S: 'nobody' } })).toBeNull();
  });

  it('reads a deleted item as a record holding only its tombstone', async () => {
    const key = { hash: { N: '7' } };
    await remote.apply({ tableId: 'tbl-1', token: 5n, key, cells: Object.create(null), itemTombstoneMicros: TS });
    expect(await remote.read('tbl-1', 5n, key)).toEqual({ cells: {}, tombstoneMicros: TS });
  });

  it('sends every field of a partition query and returns rows with exact tokens', async () => {
    const rows: Row[] = [
      { token: MIN_TOKEN, key: { hash: { S: 'h' }, range: { S: 'r1' } }, record: { cells: mutation(0n).cells, tombstoneMicros: -1 } },
      { token: MAX_TOKEN, key: { hash: { S: 'h' } }, record: { cells: {}, tombstoneMicros: TS } },
    ];
    fake.answer = rows;
    const query = {
      tableId: 'tbl-1',
      token: -1n,
      hash: { N: '1.5' },
      bounds: { lower: { value: { S: 'a' }, inclusive: true }, upper: { value: { S: 'z' }, inclusive: false }, prefix: { S: 'p' } },
      forward: false,
      exclusiveStart: { S: 'm' },
      limit: 25,
    };
    expect(await remote.queryPartition(query)).toEqual(rows);
    expect(fake.queries.at(-1)).toEqual(query);
  });

  it('sends a partition query without bounds as one without bounds', async () => {
    fake.answer = [];
    const query = { tableId: 't', token: 1n, hash: { B: 'AA==' }, bounds: {}, forward: true, limit: 1 };
    expect(await remote.queryPartition(query)).toEqual([]);
    expect(fake.queries.at(-1)).toStrictEqual(query);
  });

  it('clamps an unbounded limit to the largest uint32 instead of wrapping it to 0', async () => {
    await remote.queryPartition({ tableId: 't', token: 1n, hash: { S: 'h' }, bounds: {}, forward: true, limit: Infinity });
    expect(fake.queries.at(-1)!.limit).toBe(0xffffffff);
  });

  it('sends the three forms of a range scan', async () => {
    fake.answer = [];
    const scans = [
      { tableId: 't', startAfter: { token: MIN_TOKEN, key: { hash: { S: 'k' }, range: { B: 'AQ==' } } }, endToken: MAX_TOKEN, limit: 100 },
      { tableId: 't', startAfterToken: MAX_TOKEN - 1n, endToken: MIN_TOKEN, limit: 3 },
      { tableId: 't', limit: 1000 },
    ];
    for (const scan of scans) {
      await remote.scanRange(scan);
      expect(fake.scans.at(-1)).toStrictEqual(scan);
    }
  });

  it('drops a table', async () => {
    await remote.dropTable('tbl-gone');
    expect(fake.dropped).toEqual(['tbl-gone']);
  });

  it('asks for a Merkle tree over a range with exact tokens and returns its leaves in order', async () => {
    const range = { afterToken: MIN_TOKEN, endToken: MAX_TOKEN };
    expect(await remote.merkleTree('tbl-1', range, 3)).toEqual(['leaf0', 'leaf1', 'leaf2', 'leaf3', 'leaf4', 'leaf5', 'leaf6', 'leaf7']);
    expect(fake.trees.at(-1)).toEqual({ tableId: 'tbl-1', range, depth: 3 });
  });

  it.each(FORWARDED_ERROR_CODES)('rebuilds a ClusterError %s thrown by the peer', async (code) => {
    fake.failWith = new ClusterError(code, `failed with ${code}`);
    const err = await remote.read('t', 1n, { hash: { S: 'x' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as ClusterError).code).toBe(code);
    expect((err as ClusterError).message).toBe(`failed with ${code}`);
  });

  it('turns a peer failing with a plain error into CLUSTER_UNAVAILABLE', async () => {
    fake.failWith = new TypeError('bug');
    const err = await remote.apply(mutation(1n)).catch((e: unknown) => e);
    expect((err as ClusterError).code).toBe('CLUSTER_UNAVAILABLE');
  });

  it('times out with CLUSTER_TIMEOUT when the peer never answers', async () => {
    fake.hang = true;
    const slow = new RemoteReplica(remote.address, { writeDeadlineMs: 100 });
    const started = performance.now();
    const err = await slow.apply(mutation(1n)).catch((e: unknown) => e);
    slow.close();
    expect((err as ClusterError).code).toBe('CLUSTER_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('lets one call override the deadline', async () => {
    fake.hang = true;
    const started = performance.now();
    const err = await remote.scanRange({ tableId: 't', limit: 1 }, { deadlineMs: 100 }).catch((e: unknown) => e);
    expect((err as ClusterError).code).toBe('CLUSTER_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('RemoteReplica to a peer that is down', () => {
  it('fails fast with CLUSTER_UNAVAILABLE when the connection is refused', async () => {
    const remote = new RemoteReplica(`127.0.0.1:${await unusedPort()}`);
    const started = performance.now();
    const err = await remote.apply(mutation(1n)).catch((e: unknown) => e);
    const again = await remote.read('t', 1n, { hash: { S: 'x' } }).catch((e: unknown) => e);
    remote.close();
    expect((err as ClusterError).code).toBe('CLUSTER_UNAVAILABLE');
    expect((again as ClusterError).code).toBe('CLUSTER_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('fails with CLUSTER_UNAVAILABLE after close', async () => {
    const remote = new RemoteReplica(`127.0.0.1:${await unusedPort()}`);
    remote.close();
    const err = await remote.dropTable('t').catch((e: unknown) => e);
    expect((err as ClusterError).code).toBe('CLUSTER_UNAVAILABLE');
  });
});
