import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { ClusterError } from '@dynaring/core';
import {
  addReplicaService,
  createGrpcServer,
  loadProtos,
  RemoteReplica,
  startGrpcServer,
  stopGrpcServer,
  type GrpcServer,
} from '@dynaring/wire';
import { FakeReplica } from './fake-replica.js';

// A peer speaking valid protobuf with nonsense inside must get INVALID_ARGUMENT, and the
// server must go on serving.

describe('replica service given malformed messages', () => {
  let server: GrpcServer;
  let client: Client;
  const fake = new FakeReplica();
  const apply = loadProtos().replica.Apply!;

  beforeAll(async () => {
    server = createGrpcServer();
    addReplicaService(server, fake);
    const port = await startGrpcServer(server, '127.0.0.1', 0);
    client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await stopGrpcServer(server, 100);
  });

  function send(message: object, serialize = apply.requestSerialize): Promise<ServiceError | null> {
    return new Promise((resolve) => {
      client.makeUnaryRequest(apply.path, serialize, apply.responseDeserialize, message, { deadline: Date.now() + 2000 }, (err) =>
        resolve(err),
      );
    });
  }

  const good = { tableId: 't', token: '1', key: { hashJson: '{"S":"a"}', rangeJson: '' }, cells: [], itemTombstoneMicros: -1 };

  it.each([
    ['a token that is not a number', { ...good, token: 'abc' }],
    ['an empty token', { ...good, token: '' }],
    ['a token past 2^63-1', { ...good, token: '9223372036854775808' }],
    ['a missing key', { ...good, key: null }],
    ['a hash key that is not JSON', { ...good, key: { hashJson: '{', rangeJson: '' } }],
    ['a hash key of a non-key type', { ...good, key: { hashJson: '{"BOOL":true}', rangeJson: '' } }],
    ['a cell value with an unknown type', { ...good, cells: [{ name: 'a', valueJson: '{"X":"1"}', timestampMicros: 1 }] }],
    ['a cell value with two types', { ...good, cells: [{ name: 'a', valueJson: '{"S":"1","N":"1"}', timestampMicros: 1 }] }],
    ['a list holding a non-value', { ...good, cells: [{ name: 'a', valueJson: '{"L":[1]}', timestampMicros: 1 }] }],
  ])('answers %s with INVALID_ARGUMENT', async (_what, message) => {
    const err = await send(message);
    expect(err?.code).toBe(status.INVALID_ARGUMENT);
  });

  it('rejects bytes that are not protobuf without crashing, and keeps serving', async () => {
    const garbage = await send({}, () => Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(garbage).not.toBeNull();
    expect(await send(good)).toBeNull();
    expect(fake.applied).toHaveLength(1);
  });
});

describe('RemoteReplica given a malformed response', () => {
  it('rejects with CLUSTER_UNAVAILABLE instead of returning a bad row', async () => {
    const server = createGrpcServer();
    const badRows = { rows: [{ token: '1e3', key: { hashJson: '{"S":"a"}', rangeJson: '' }, record: { cells: [], tombstoneMicros: -1 } }] };
    const unimplemented = (_call: unknown, cb: (err: null, res: object) => void) => cb(null, {});
    server.addService(loadProtos().replica, {
      QueryPartition: (_call: unknown, cb: (err: null, res: object) => void) => cb(null, badRows),
      Apply: unimplemented,
      Read: unimplemented,
      ScanRange: unimplemented,
      DropTable: unimplemented,
    });
    const remote = new RemoteReplica(`127.0.0.1:${await startGrpcServer(server, '127.0.0.1', 0)}`);
    const err = await remote
      .queryPartition({ tableId: 't', token: 1n, hash: { S: 'a' }, bounds: {}, forward: true, limit: 1 })
      .catch((e: unknown) => e);
    remote.close();
    await stopGrpcServer(server, 100);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as ClusterError).code).toBe('CLUSTER_UNAVAILABLE');
  });
});
